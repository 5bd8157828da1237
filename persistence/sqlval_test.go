package persistence

import (
	"context"
	"path/filepath"
	"testing"
)

// execOnce writes every row of a multi-row statement, and a statement that
// fails stops with SQLite's error and leaves none of its rows.
func TestExecOnce(t *testing.T) {
	ctx := context.Background()
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "w.db"))
	if _, err := db.db.ExecContext(ctx, "CREATE TABLE t (k TEXT UNIQUE, n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	st, err := db.db.PrepareContext(ctx, "INSERT INTO t(k, n) VALUES (?, ?), (?, ?), (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := execOnce(ctx, st, "a", int64(1), "b", nil, "c", int64(3)); err != nil {
		t.Fatal(err)
	}
	// The third row repeats a key: the statement fails as a whole.
	if err := execOnce(ctx, st, "d", int64(4), "e", int64(5), "a", int64(6)); err == nil {
		t.Fatal("a repeated key was written")
	}
	if err := execOnce(ctx, st, "f", int64(7), "g", int64(8), "h", int64(9)); err != nil {
		t.Fatal(err)
	}
	got, err := queryStrings(ctx, db.db, "SELECT k || ':' || coalesce(n, 'null') FROM t ORDER BY k")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a:1", "b:null", "c:3", "f:7", "g:8", "h:9"}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rows %v, want %v", got, want)
		}
	}
}
