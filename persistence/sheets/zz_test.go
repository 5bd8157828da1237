package sheets

import (
	"testing"
	"time"
)

func TestZZRead(t *testing.T) {
	start := time.Now()
	src, _, err := OpenSource("/tmp/pb/d3.xlsx", SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for src.Next() {
		n++
	}
	src.Close()
	t.Logf("excelize Rows alone: %d rows in %v", n, time.Since(start))
}
