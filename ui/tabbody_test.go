package ui

import (
	"testing"
)

// Only the tab on screen is laid out; a tab is laid out when chosen, and no
// tab is wider than the laptop-sized window (opening one never widens it).
func TestOnlyTheTabOnScreenIsLaidOut(t *testing.T) {
	u := newTestUI(t, 300)
	items := u.Tabs().Items
	for i, it := range items {
		b, ok := it.Content.(*tabBody)
		if !ok {
			t.Fatalf("tab %q holds a %T, want a *tabBody", it.Text, it.Content)
		}
		if got, want := b.Visible(), i == 0; got != want {
			t.Errorf("tab %q visible = %v before any choice, want %v", it.Text, got, want)
		}
		if i > 0 && !b.content.Size().IsZero() {
			t.Errorf("tab %q was laid out (%v) before it was chosen", it.Text, b.content.Size())
		}
	}
	for i, it := range items {
		u.Tabs().SelectIndex(i)
		b := it.Content.(*tabBody)
		if !b.Visible() || b.content.Size().IsZero() {
			t.Errorf("tab %q chosen: visible %v, size %v; want shown and laid out", it.Text, b.Visible(), b.content.Size())
		}
		if w := u.Win.Content().MinSize().Width; w > 1280 {
			t.Errorf("with tab %q open the window needs %.0f px, more than 1280", it.Text, w)
		}
		for j, other := range items {
			if j != i && other.Content.Visible() {
				t.Errorf("tab %q shown while %q is chosen", other.Text, it.Text)
			}
		}
	}
}
