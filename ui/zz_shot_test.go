package ui

import (
	"fmt"
	"image/png"
	"os"
	"testing"
)

func TestZZShots(t *testing.T) {
	u := newTestUI(t, 3000)
	u.SelectTab("Team")
	tm := findTeam(t, u)
	for i := 0; i < 5; i++ {
		tm.tabs.SelectIndex(i)
		if i == 3 {
			tm.capacity.target.SetText("12000000")
			tm.capacity.fullQuota.SetText("900000")
			tm.capacity.calculate()
		}
		img := u.Win.Canvas().Capture()
		f, _ := os.Create(fmt.Sprintf("/tmp/issue4/shot%d.png", i))
		png.Encode(f, img)
		f.Close()
	}
}
