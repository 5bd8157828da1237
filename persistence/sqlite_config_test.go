package persistence

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tempFilesOpen counts the files this process has open that were deleted
// on creation: SQLite's temporary files (a statement journal that spilled).
func tempFilesOpen(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil && strings.HasSuffix(target, " (deleted)") {
			n++
		}
	}
	return n
}

// A statement of a bulk import journals a few hundred KB inside its
// transaction: the journal stays in memory, no temporary file is written.
func TestStatementJournalsStayInMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts open files in /proc/self/fd")
	}
	ctx := context.Background()
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "w.db"))
	defer db.Close()
	conn, err := db.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows := func(n, seed int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "('%08d', '%s')", (i*7919+seed*104729)%1000003, strings.Repeat("x", 40))
		}
		return b.String()
	}
	before := tempFilesOpen(t)
	for _, q := range []string{
		"CREATE TABLE j (k TEXT UNIQUE, v TEXT)",
		"INSERT INTO j VALUES " + rows(20000, 1),
		"BEGIN",
		"INSERT INTO j VALUES " + rows(150, 2),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	// 150 keys spread over the unique index's leaves, each already changed
	// by the statement before: about 600 KB to journal.
	if _, err := conn.ExecContext(ctx, "INSERT INTO j VALUES "+rows(150, 3)); err != nil {
		t.Fatal(err)
	}
	if after := tempFilesOpen(t); after != before {
		t.Errorf("%d temporary files open after the statements, %d before: a statement journal was written to disk", after, before)
	}
}
