package persistence

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

// MustOpenDB opens a new workspace in a real file under the test's temporary
// folder and closes it when the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), "workspace.db"))
}

// mustOpenAt opens the workspace at path and closes it when the test ends.
func mustOpenAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close(%s): %v", path, err)
		}
	})
	return db
}

// makeWorkspace creates a workspace at a new path, lets fill write to it, and
// closes it, returning the path.
func makeWorkspace(tb testing.TB, fill func(*DB)) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "workspace.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	if fill != nil {
		fill(db)
	}
	if err := db.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
	return path
}

// rawExec runs statements on a file with the plain driver, outside Open.
func rawExec(tb testing.TB, path string, stmts ...string) {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func pragma(tb testing.TB, db *DB, name string) int {
	tb.Helper()
	v, err := db.pragmaInt(context.Background(), name)
	if err != nil {
		tb.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func count(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func createPersonT(tb testing.TB, db *DB, p domain.Person) domain.Person {
	tb.Helper()
	if err := db.CreatePerson(context.Background(), &p); err != nil {
		tb.Fatalf("CreatePerson(%s): %v", p.Name, err)
	}
	return p
}

func TestOpenFreshWorkspace(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)

	t.Run("the schema version is the latest migration's", func(t *testing.T) {
		if got, want := pragma(t, db, "user_version"), SchemaVersion(); got != want || want < 1 {
			t.Errorf("user_version = %d, SchemaVersion() = %d", got, want)
		}
	})
	t.Run("the file is marked as a Salesops workspace", func(t *testing.T) {
		if got := pragma(t, db, "application_id"); got != ApplicationID {
			t.Errorf("application_id = %#x, want %#x", got, ApplicationID)
		}
	})
	t.Run("every connection has foreign keys, a busy timeout and WAL", func(t *testing.T) {
		if got := pragma(t, db, "foreign_keys"); got != 1 {
			t.Errorf("foreign_keys = %d, want 1", got)
		}
		if got := pragma(t, db, "busy_timeout"); got != 5000 {
			t.Errorf("busy_timeout = %d, want 5000", got)
		}
		var mode string
		if err := db.SQL().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
	})
	t.Run("the default stages are there in order", func(t *testing.T) {
		got, err := db.Stages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.DefaultStages()
		if len(got) != len(want) {
			t.Fatalf("%d stages, want %d", len(got), len(want))
		}
		for i := range want {
			want[i].ID = got[i].ID
			if got[i].ID == 0 || got[i] != want[i] {
				t.Errorf("stage %d = %+v, want %+v", i, got[i], want[i])
			}
		}
	})
	t.Run("the default lost reasons are there in order", func(t *testing.T) {
		got, err := db.LostReasons(ctx)
		if err != nil || !reflect.DeepEqual(got, domain.DefaultLostReasons) {
			t.Errorf("LostReasons() = %v, %v; want %v", got, err, domain.DefaultLostReasons)
		}
	})
	t.Run("the default settings are stored", func(t *testing.T) {
		got, err := db.Settings(ctx)
		if err != nil || !reflect.DeepEqual(got, domain.DefaultSettings()) {
			t.Errorf("Settings() = %+v, %v; want %+v", got, err, domain.DefaultSettings())
		}
		if n := count(t, db, "SELECT count(*) FROM settings"); n != 8 {
			t.Errorf("%d settings rows, want 8", n)
		}
	})
	t.Run("a new workspace takes no backup", func(t *testing.T) {
		if _, err := os.Stat(db.BackupDir); !os.IsNotExist(err) {
			t.Errorf("BackupDir %s exists (err %v); a new workspace has nothing to back up", db.BackupDir, err)
		}
	})
	t.Run("the new workspace passes the integrity check", func(t *testing.T) {
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	})
}

func TestOpenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := makeWorkspace(t, func(db *DB) { createPersonT(t, db, domain.Person{Name: "Giulia Rossi", Role: domain.RoleAE}) })
	for i := 1; i <= 2; i++ {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if v := pragma(t, db, "user_version"); v != SchemaVersion() {
			t.Errorf("reopen %d: user_version = %d, want %d", i, v, SchemaVersion())
		}
		if n := count(t, db, "SELECT count(*) FROM stages"); n != len(domain.DefaultStages()) {
			t.Errorf("reopen %d: %d stages, want %d (defaults seeded once)", i, n, len(domain.DefaultStages()))
		}
		if n := count(t, db, "SELECT count(*) FROM lost_reasons"); n != len(domain.DefaultLostReasons) {
			t.Errorf("reopen %d: %d lost reasons, want %d", i, n, len(domain.DefaultLostReasons))
		}
		if n := count(t, db, "SELECT count(*) FROM people WHERE name = 'Giulia Rossi'"); n != 1 {
			t.Errorf("reopen %d: %d people called Giulia Rossi, want 1", i, n)
		}
		if _, err := os.Stat(db.BackupDir); !os.IsNotExist(err) {
			t.Errorf("reopen %d: a backup was taken although nothing migrated", i)
		}
		db.Close()
	}
}

func TestOpenRefusesWithoutChangingTheFile(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		make     func(t *testing.T, path string)
		wantCode string
		wantText string
	}{
		{
			"a workspace from a newer Salesops is refused as a conflict",
			func(t *testing.T, path string) {
				db, err := Open(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				rawExec(t, path, "PRAGMA user_version = 99")
			},
			domain.ECONFLICT, "newer version",
		},
		{
			"a newer workspace in rollback-journal mode is refused as a conflict",
			func(t *testing.T, path string) {
				db, err := Open(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				rawExec(t, path, "PRAGMA journal_mode = DELETE", "PRAGMA user_version = 99")
			},
			domain.ECONFLICT, "newer version",
		},
		{
			"another program's SQLite database is refused",
			func(t *testing.T, path string) {
				rawExec(t, path, "CREATE TABLE recipes(name TEXT, minutes INTEGER)", "INSERT INTO recipes VALUES ('risotto', 40)")
			},
			domain.EINVALID, "not a Salesops workspace",
		},
		{
			"an empty SQLite database of another application is refused",
			func(t *testing.T, path string) {
				rawExec(t, path, "PRAGMA application_id = 1234", "CREATE TABLE t(x)", "DROP TABLE t")
			},
			domain.EINVALID, "not a Salesops workspace",
		},
		{
			"a text file is refused",
			func(t *testing.T, path string) {
				if err := os.WriteFile(path, []byte("name,amount\nFjord Foods,1200\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			domain.EINVALID, "not a SQLite database",
		},
		{
			"a file shorter than the SQLite header is refused",
			func(t *testing.T, path string) {
				if err := os.WriteFile(path, []byte("SQLite"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			domain.EINVALID, "not a SQLite database",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "file.db")
			tt.make(t, path)
			before := readFile(t, path)
			db, err := Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want a refusal")
			}
			if code := domain.ErrorCode(err); code != tt.wantCode {
				t.Errorf("ErrorCode = %q (%v), want %q", code, err, tt.wantCode)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("message %q does not say %q", err.Error(), tt.wantText)
			}
			if after := readFile(t, path); !bytes.Equal(before, after) {
				t.Errorf("the refused file changed (%d bytes before, %d after)", len(before), len(after))
			}
			if _, err := os.Stat(path + ".backups"); !os.IsNotExist(err) {
				t.Errorf("a backup folder was made for a refused file")
			}
		})
	}
}

func TestOpenTurnsAnEmptyFileIntoAWorkspace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, path)
	if got := pragma(t, db, "user_version"); got != SchemaVersion() {
		t.Errorf("user_version = %d, want %d", got, SchemaVersion())
	}
}

func TestOpenCreatesMissingFolders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "workspace.db")
	mustOpenAt(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Errorf("workspace not created: %v", err)
	}
}

// withExtraMigration makes the next Opens see one more migration than the
// embedded files hold, as a later release of Salesops would.
func withExtraMigration(t *testing.T, sqlText string) int {
	t.Helper()
	base, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	next := base[len(base)-1].version + 1
	extra := migration{version: next, name: "9999_test_extra.sql", sql: sqlText, rebuilds: migrationRebuilds(sqlText)}
	migrationSource = func() ([]migration, error) { return append(append([]migration{}, base...), extra), nil }
	t.Cleanup(func() { migrationSource = migrations })
	return next
}

func TestOpenMigratesAnOlderWorkspaceAfterABackup(t *testing.T) {
	ctx := context.Background()
	old := SchemaVersion()
	path := makeWorkspace(t, func(db *DB) { createPersonT(t, db, domain.Person{Name: "Lars Hansen", Role: domain.RoleAE}) })
	next := withExtraMigration(t, "CREATE TABLE forecast_notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;")

	db := mustOpenAt(t, path)

	t.Run("the workspace reaches the new version", func(t *testing.T) {
		if got := pragma(t, db, "user_version"); got != next {
			t.Errorf("user_version = %d, want %d", got, next)
		}
		if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 'forecast_notes'"); n != 1 {
			t.Error("the new migration's table is missing")
		}
	})
	t.Run("the data survives the migration", func(t *testing.T) {
		if n := count(t, db, "SELECT count(*) FROM people WHERE name = 'Lars Hansen'"); n != 1 {
			t.Errorf("%d people called Lars Hansen, want 1", n)
		}
		if n := count(t, db, "SELECT count(*) FROM stages"); n != len(domain.DefaultStages()) {
			t.Errorf("%d stages after migrating, want %d", n, len(domain.DefaultStages()))
		}
	})
	t.Run("one backup of the old version was taken first", func(t *testing.T) {
		entries, err := os.ReadDir(db.BackupDir)
		if err != nil {
			t.Fatalf("no backup folder: %v", err)
		}
		if len(entries) != 1 || !strings.HasSuffix(entries[0].Name(), "-before-migration.db") {
			t.Fatalf("backups = %v, want one *-before-migration.db", entries)
		}
		bpath := filepath.Join(db.BackupDir, entries[0].Name())
		// Open the backup with the plain driver: Open would migrate it.
		raw, err := sql.Open("sqlite3", "file:"+bpath+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var v, people int
		if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != old {
			t.Errorf("backup user_version = %d, %v; want %d", v, err, old)
		}
		if err := raw.QueryRow("SELECT count(*) FROM people").Scan(&people); err != nil || people != 1 {
			t.Errorf("backup holds %d people, %v; want 1", people, err)
		}
		if err := integrityCheck(ctx, raw, fullCheck); err != nil {
			t.Errorf("backup integrity: %v", err)
		}
	})
}

func TestAFailingMigrationLeavesTheWorkspaceAsItWas(t *testing.T) {
	ctx := context.Background()
	old := SchemaVersion()
	path := makeWorkspace(t, nil)
	// The first statement succeeds, the second fails: both must roll back.
	withExtraMigration(t, "CREATE TABLE half_done(x INTEGER); INSERT INTO no_such_table VALUES (1);")

	if db, err := Open(ctx, path); err == nil {
		db.Close()
		t.Fatal("Open succeeded although the migration fails")
	}
	migrationSource = migrations
	db := mustOpenAt(t, path)
	if got := pragma(t, db, "user_version"); got != old {
		t.Errorf("user_version = %d after a failed migration, want %d", got, old)
	}
	if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"); n != 0 {
		t.Error("the failed migration's first table was kept")
	}
	entries, _ := os.ReadDir(db.BackupDir)
	if len(entries) != 1 {
		t.Errorf("%d backups, want the one taken before the failed migration", len(entries))
	}
}

func TestBackupTo(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	createPersonT(t, db, domain.Person{Name: "Sigrid Berg", Email: "sigrid@aurora.example", Role: domain.RoleManager})
	out := filepath.Join(t.TempDir(), "copies", "copy.db")

	if err := db.BackupTo(ctx, out); err != nil {
		t.Fatalf("BackupTo: %v", err)
	}
	t.Run("the copy opens as a workspace with the data", func(t *testing.T) {
		cp := mustOpenAt(t, out)
		if err := cp.IntegrityCheck(ctx); err != nil {
			t.Errorf("integrity: %v", err)
		}
		people, err := cp.People(ctx)
		if err != nil || len(people) != 1 || people[0].Email != "sigrid@aurora.example" {
			t.Errorf("People() = %+v, %v; want Sigrid", people, err)
		}
		if got := pragma(t, cp, "application_id"); got != ApplicationID {
			t.Errorf("application_id = %#x", got)
		}
	})
	t.Run("an existing file is never overwritten", func(t *testing.T) {
		before := readFile(t, out)
		err := db.BackupTo(ctx, out)
		if code := domain.ErrorCode(err); code != domain.ECONFLICT {
			t.Errorf("BackupTo(existing) = %v, want %s", err, domain.ECONFLICT)
		}
		if !bytes.Equal(before, readFile(t, out)) {
			t.Error("the existing file changed")
		}
	})
}

func TestBackupKeepsTheNewestTen(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var made []string
	for i := 0; i < KeepBackups+2; i++ {
		p, err := db.Backup(ctx, "before-import")
		if err != nil {
			t.Fatalf("Backup %d: %v", i, err)
		}
		made = append(made, filepath.Base(p))
	}
	entries, err := os.ReadDir(db.BackupDir)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, e := range entries {
		kept = append(kept, e.Name())
	}
	sort.Strings(kept)
	if want := made[2:]; !reflect.DeepEqual(kept, want) {
		t.Errorf("kept backups\n%v\nwant the newest %d\n%v", kept, KeepBackups, want)
	}
	cp := mustOpenAt(t, filepath.Join(db.BackupDir, made[len(made)-1]))
	if err := cp.IntegrityCheck(ctx); err != nil {
		t.Errorf("newest backup: %v", err)
	}
}

func TestRestoreReplacesTheWorkspace(t *testing.T) {
	ctx := context.Background()
	var backup string
	path := makeWorkspace(t, func(db *DB) {
		createPersonT(t, db, domain.Person{Name: "Before Backup"})
		backup = filepath.Join(t.TempDir(), "b.db")
		if err := db.BackupTo(ctx, backup); err != nil {
			t.Fatal(err)
		}
		createPersonT(t, db, domain.Person{Name: "After Backup"})
	})
	if err := Restore(ctx, backup, path); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	db := mustOpenAt(t, path)
	people, err := db.People(ctx)
	if err != nil || len(people) != 1 || people[0].Name != "Before Backup" {
		t.Errorf("People() after restore = %+v, %v; want only Before Backup", people, err)
	}
}

// TestACancelledRestoreKeepsTheWorkspace: the window's Cancel interrupts a
// restore before the backup replaces the workspace; nothing of it is left.
func TestACancelledRestoreKeepsTheWorkspace(t *testing.T) {
	var backup string
	path := makeWorkspace(t, func(db *DB) {
		createPersonT(t, db, domain.Person{Name: "Before Backup"})
		backup = filepath.Join(t.TempDir(), "b.db")
		if err := db.BackupTo(context.Background(), backup); err != nil {
			t.Fatal(err)
		}
		createPersonT(t, db, domain.Person{Name: "After Backup"})
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Restore(ctx, backup, path); err == nil {
		t.Fatal("a cancelled restore succeeded")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if _, err := os.Stat(path + ".restoring" + suffix); !os.IsNotExist(err) {
			t.Errorf("the restore's copy%s is left behind: %v", suffix, err)
		}
	}
	db := mustOpenAt(t, path)
	if n := count(t, db, "SELECT count(*) FROM people"); n != 2 {
		t.Errorf("%d people after a cancelled restore, want the workspace's 2", n)
	}
}

// TestRestoreOfAnOlderBackupLeavesNothingBeside: an older release's backup
// is migrated on its way in; the workspace's folder then holds the
// workspace and nothing of the restore (its copy, or the backup Open takes
// before it migrates that copy).
func TestRestoreOfAnOlderBackupLeavesNothingBeside(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	backup := filepath.Join(t.TempDir(), "old.db")
	latest := withMigrationsUpTo(t, 9)
	old := mustOpenAt(t, backup)
	createPersonT(t, old, domain.Person{Name: "From Version 9"})
	old.Close()
	latest()
	path := filepath.Join(dir, "w.db")
	db := mustOpenAt(t, path)
	db.Close()
	if err := Restore(ctx, backup, path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{"w.db"}) {
		t.Errorf("after restoring an older backup the folder holds %v, want only w.db", names)
	}
	r := mustOpenAt(t, path)
	if n := count(t, r, "SELECT count(*) FROM people WHERE name = 'From Version 9'"); n != 1 {
		t.Error("the restored workspace lost the backup's person")
	}
}

func TestRestoreRefusesANonWorkspace(t *testing.T) {
	ctx := context.Background()
	path := makeWorkspace(t, func(db *DB) { createPersonT(t, db, domain.Person{Name: "Kept"}) })
	text := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(text, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, text, path); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("Restore(text) = %v, want %s", err, domain.EINVALID)
	}
	db := mustOpenAt(t, path)
	if n := count(t, db, "SELECT count(*) FROM people WHERE name = 'Kept'"); n != 1 {
		t.Error("the workspace lost its data after a refused restore")
	}
}

func TestBackupToAPathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	createPersonT(t, db, domain.Person{Name: "Emil Olsen"})
	dir := t.TempDir()
	out := filepath.Join(dir, "backup #2 ?.db")
	if err := db.BackupTo(ctx, out); err != nil {
		t.Fatalf("BackupTo(%q): %v", out, err)
	}
	cp := mustOpenAt(t, out)
	if n := count(t, cp, "SELECT count(*) FROM people WHERE name = 'Emil Olsen'"); n != 1 {
		t.Errorf("the backup holds %d Emil Olsens, want 1", n)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "backup #2 ?.db") {
			t.Errorf("stray file %q beside the backup", e.Name())
		}
	}
}

// The quick check of an automatic backup reads every table's pages, the
// search index's tables too, but leaves the index's own structure (FTS5
// runs its full check even when asked for a quick one) to the full check.
func TestQuickCheckReadsEveryTableButNotTheSearchIndexStructure(t *testing.T) {
	ctx := context.Background()
	search := false
	path := makeWorkspace(t, func(db *DB) {
		search = db.search
		if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 1, Deals: 300, AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	})
	check := func(kind string) error {
		t.Helper()
		raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		return integrityCheck(ctx, raw, kind)
	}
	if err := check(quickCheck); err != nil {
		t.Fatalf("quick check of a sound workspace: %v", err)
	}
	if search {
		// A page of the search index lost: only the full check reads the
		// index's own structure (its tables' pages are sound).
		rawExec(t, path, "DELETE FROM deal_search_data WHERE id = (SELECT max(id) FROM deal_search_data)")
		if err := check(fullCheck); err == nil {
			t.Error("the full check did not see the search index out of step with the deals")
		}
		if err := check(quickCheck); err != nil {
			t.Errorf("the quick check compared the search index with the deals: %v", err)
		}
	}
	// A free list that points past the end of the file: the check of the
	// schema's own table walks it.
	header := readFile(t, path)[:40]
	rawExecBytes(t, path, []byte{0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 9}, 32)
	if err := check(quickCheck); err == nil {
		t.Error("the quick check did not see a broken free list")
	}
	rawExecBytes(t, path, header[32:40], 32)
	if err := check(quickCheck); err != nil {
		t.Fatalf("quick check after the free list was put back: %v", err)
	}
	// A damaged page of the deals table.
	var root, size int64
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'deals'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	rawExecBytes(t, path, bytes.Repeat([]byte{0xA5}, 64), (root-1)*size)
	err = check(quickCheck)
	if err == nil || !strings.Contains(err.Error(), "damaged") && !strings.Contains(err.Error(), "malformed") {
		t.Errorf("quick check of a damaged deals table = %v, want the workspace reported damaged", err)
	}
}

// rawExecBytes writes b at offset off of the file at path.
func rawExecBytes(tb testing.TB, path string, b []byte, off int64) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		tb.Fatal(err)
	}
}
