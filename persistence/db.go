// Package persistence keeps a Salesops workspace in one SQLite file and reads
// and writes spreadsheet files. It speaks domain types.
package persistence

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"salesops/domain"
)

// ApplicationID marks a SQLite file as a Salesops workspace ("SLOP").
const ApplicationID = 0x534C4F50

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one step of the schema, numbered by its file name (0003_x.sql = 3).
type migration struct {
	version int
	name    string
	sql     string
	// rebuilds are the tables the migration makes anew (a "-- rebuilds: t"
	// line): it creates t_new, copies the rows, drops t and renames t_new to
	// t; runMigration does the rest (rebuildTables).
	rebuilds []string
}

// migrationRebuilds reads the tables a migration's "-- rebuilds: a, b" line names.
func migrationRebuilds(sqlText string) []string {
	var out []string
	for _, line := range strings.Split(sqlText, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- rebuilds:"); ok {
			for _, t := range strings.Split(rest, ",") {
				if t = strings.TrimSpace(t); t != "" {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and _", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b), rebuilds: migrationRebuilds(string(b))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", out[i-1].name, out[i].name, out[i].version)
		}
	}
	return out, nil
}

// migrationSource supplies the migrations. It is a variable only so that a
// test can append a later migration and exercise the upgrade path (backup,
// then migrate in one transaction), which the embedded files alone never
// reach while there is a single migration.
var migrationSource = migrations

// SchemaVersion is the version a workspace has once every migration has run.
func SchemaVersion() int {
	ms, err := migrationSource()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// DB is an open workspace.
type DB struct {
	db   *sql.DB
	Path string
	// BackupDir is where automatic backups go (before a migration or an import).
	BackupDir string
	// search tells whether the deals' trigram index is there (deals_search.go).
	search bool
}

// SQL gives packages beside persistence (tests, benchmarks) the raw handle.
func (db *DB) SQL() *sql.DB { return db.db }

// dsn builds the connection string: every pooled connection gets WAL, foreign
// keys, a busy timeout and immediate write transactions.
func dsn(path string) string {
	return fileURI(path) + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate&_synchronous=NORMAL"
}

// fileURI is the SQLite URI of a file path, escaping what a URI would misread.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

var sqliteMagic = []byte("SQLite format 3\x00")

// Open opens (or creates) the workspace at path, refusing files that are not
// Salesops workspaces or that a newer Salesops wrote, and migrates older ones
// after taking a backup.
func Open(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot create the folder for %s: %v", abs, err)
	}
	if err := checkHeader(abs); err != nil {
		return nil, err
	}
	if err := probeReadOnly(ctx, abs); err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite3", dsn(abs))
	if err != nil {
		return nil, err
	}
	db := &DB{db: sqldb, Path: abs, BackupDir: abs + ".backups"}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if db.search, err = db.syncDealSearch(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("deal search index of %s: %w", abs, err)
	}
	return db, nil
}

// checkHeader refuses an existing, non-empty file that is not SQLite, before
// SQLite gets a chance to complain in its own words.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return domain.Errorf(domain.EINVALID, "Cannot open %s: %v", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF) {
		return nil // an empty file becomes a new workspace
	}
	if !bytes.Equal(head[:n], sqliteMagic) {
		return domain.Errorf(domain.EINVALID, "%s is not a Salesops workspace (it is not a SQLite database). Choose a .db file made by Salesops.", path)
	}
	return nil
}

// probeReadOnly refuses a foreign or newer SQLite file through a read-only
// connection, before the read-write DSN touches it: that DSN switches the
// file to WAL, which rewrites its header, and a refused file must be left
// exactly as it was.
func probeReadOnly(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return nil // a new or empty file becomes a new workspace
	}
	ro, err := sql.Open("sqlite3", fileURI(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer ro.Close()
	_, err = workspaceVersion(ctx, ro, path)
	return err
}

// workspaceVersion returns the schema version of the file, refusing one that
// is not a Salesops workspace or that a newer Salesops wrote.
func workspaceVersion(ctx context.Context, q querier, path string) (int, error) {
	var appID, version, tables int
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, domain.Errorf(domain.EINVALID, "%s cannot be read as a workspace: %v", path, err)
	}
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, err
	}
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return 0, err
	}
	if appID != ApplicationID && (appID != 0 || tables > 0) {
		return 0, domain.Errorf(domain.EINVALID, "%s is a SQLite database, but not a Salesops workspace. Choose a .db file made by Salesops.", path)
	}
	if latest := SchemaVersion(); version > latest {
		return 0, domain.Errorf(domain.ECONFLICT, "%s was written by a newer version of Salesops (schema %d; this version knows up to %d). Update Salesops to open it; the file was not changed.", path, version, latest)
	}
	return version, nil
}

// Close closes the workspace.
func (db *DB) Close() error { return db.db.Close() }

func (db *DB) pragmaInt(ctx context.Context, name string) (int, error) {
	var v int
	err := db.db.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
	return v, err
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrationSource()
	if err != nil {
		return err
	}
	version, err := workspaceVersion(ctx, db.db, db.Path)
	if err != nil {
		return err
	}
	latest := SchemaVersion()
	if version > 0 && version < latest {
		if _, err := db.Backup(ctx, "before-migration"); err != nil {
			return fmt.Errorf("backup before migrating %s: %w", db.Path, err)
		}
	}
	for _, m := range ms {
		if m.version <= version {
			continue
		}
		if err := db.runMigration(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// runMigration applies one migration and its version number in one immediate
// transaction: either both land or neither.
func (db *DB) runMigration(ctx context.Context, m migration) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if len(m.rebuilds) > 0 {
		// Foreign keys off, so that dropping the old table deletes or
		// nulls nothing that refers to it, and the legacy rename, which
		// leaves the triggers and views naming the table as they are
		// (https://sqlite.org/lang_altertable.html#otheralter). Neither can
		// change inside a transaction; the connection is discarded after.
		defer conn.Raw(func(any) error { return driver.ErrBadConn })
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON"); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := rebuildTables(ctx, tx, m.rebuilds, func() error {
		_, err := tx.ExecContext(ctx, m.sql)
		return err
	}); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", ApplicationID, m.version)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if m.version == 1 {
		if err := seedDefaults(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return tx.Commit()
}

// rebuildTables runs a migration that makes the tables anew (migrate), with
// the indexes and triggers they had put back afterwards (dropping a table
// drops its own), and fails it when a row refers to one that is not there.
func rebuildTables(ctx context.Context, tx *sql.Tx, tables []string, migrate func() error) error {
	var keep []string
	for _, t := range tables {
		qs, err := queryStrings(ctx, tx, "SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid", t)
		if err != nil {
			return err
		}
		keep = append(keep, qs...)
	}
	if err := migrate(); err != nil {
		return err
	}
	for _, q := range keep {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if len(tables) == 0 {
		return nil
	}
	problems, err := foreignKeyProblems(ctx, tx)
	if err == nil && len(problems) > 0 {
		err = fmt.Errorf("rebuilding %s: %s", strings.Join(tables, ", "), strings.Join(problems, "; "))
	}
	return err
}

// seedDefaults writes the defaults of a new workspace.
func seedDefaults(ctx context.Context, tx *sql.Tx) error {
	if err := saveSettings(ctx, tx, domain.DefaultSettings()); err != nil {
		return err
	}
	for _, s := range domain.DefaultStages() {
		s := s
		if err := insertStage(ctx, tx, &s); err != nil {
			return err
		}
	}
	for i, r := range domain.DefaultLostReasons {
		if _, err := tx.ExecContext(ctx, "INSERT INTO lost_reasons(name, position) VALUES (?, ?)", r, i+1); err != nil {
			return err
		}
	}
	return nil
}

// update runs fn in one write transaction.
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Update runs fn in one write transaction; packages beside persistence use it
// to group writes that belong together.
func (db *DB) Update(ctx context.Context, fn func(tx *sql.Tx) error) error { return db.update(ctx, fn) }

// IntegrityCheck runs SQLite's integrity check and foreign-key check.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	return integrityCheck(ctx, db.db, fullCheck)
}

// The checks integrityCheck can run: the full one, and the quick one that
// skips comparing every index with its table (ten times faster; what an
// automatic backup, whose indexes VACUUM INTO has just built, needs).
const (
	fullCheck  = "integrity_check"
	quickCheck = "quick_check"
)

// ordinaryTables lists the tables that are not virtual; the quick check
// reads them one by one, because SQLite's quick_check of the whole file
// also runs the search index's own structure check in full (FTS5 ignores
// "quick"): 0.7 s for 100,000 deals, most of an automatic backup. The search
// index's tables are ordinary tables and their pages are still read; the
// index's structure is left to the full check (and can be rebuilt), and so
// are a page two tables would share and pages no table uses (each table is
// checked on its own) — faults a fresh VACUUM INTO copy would only get from
// the disk.
const ordinaryTables = `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`

func integrityCheck(ctx context.Context, q rowsQuerier, check string) error {
	pragmas := []string{"PRAGMA " + check}
	if check == quickCheck {
		tables, err := queryStrings(ctx, q, ordinaryTables)
		if err != nil {
			return err
		}
		// The schema's own table first: with page 1 among its pages SQLite
		// also walks the free list.
		pragmas = []string{"PRAGMA quick_check(sqlite_schema)"}
		for _, t := range tables {
			pragmas = append(pragmas, "PRAGMA quick_check("+quoteIdent(t)+")")
		}
	}
	var problems []string
	for _, p := range pragmas {
		found, err := queryStrings(ctx, q, p)
		if err != nil {
			return err
		}
		for _, s := range found {
			if s != "ok" {
				problems = append(problems, s)
			}
		}
	}
	fk, err := foreignKeyProblems(ctx, q)
	if err != nil {
		return err
	}
	problems = append(problems, fk...)
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
		}
		return domain.Errorf(domain.EINTERNAL, "The workspace is damaged: %s", strings.Join(problems, "; "))
	}
	return nil
}

// foreignKeyProblems lists the rows that refer to a row that is not there.
func foreignKeyProblems(ctx context.Context, q rowsQuerier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("%s row %d refers to a missing %s", table, rowid.Int64, parent))
	}
	return problems, rows.Err()
}

// Backup writes a consistent copy of the workspace to out (VACUUM INTO) and
// checks the copy's integrity. out must not exist.
func (db *DB) BackupTo(ctx context.Context, out string) error {
	return db.backupTo(ctx, out, fullCheck)
}

func (db *DB) backupTo(ctx context.Context, out, check string) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil {
		return domain.Errorf(domain.ECONFLICT, "%s already exists; choose a new file name for the backup.", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return domain.Errorf(domain.EINVALID, "Cannot create the folder for %s: %v", out, err)
	}
	// The file is created here, empty (VACUUM INTO writes into an empty
	// file), so that a failure removes only what this backup made.
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return domain.Errorf(domain.ECONFLICT, "%s already exists; choose a new file name for the backup.", out)
		}
		return domain.Errorf(domain.EINVALID, "Cannot create %s: %v", out, err)
	}
	f.Close()
	if _, err := db.db.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		// Interrupted (an import cancelled while its backup is written) or
		// failed: no half-written file is left to look like a backup.
		os.Remove(out)
		return domain.Errorf(domain.EINVALID, "Backup to %s failed: %v", out, err)
	}
	cp, err := sql.Open("sqlite3", fileURI(out)+"?mode=ro")
	if err != nil {
		return err
	}
	defer cp.Close()
	if err := integrityCheck(ctx, cp, check); err != nil {
		os.Remove(out)
		return fmt.Errorf("backup %s failed its integrity check: %w", out, err)
	}
	return nil
}

// KeepBackups is how many automatic backups are kept.
const KeepBackups = 10

// Backup takes an automatic backup into BackupDir, named by time and reason,
// and prunes all but the newest KeepBackups. It returns the backup's path.
// The copy gets the quick integrity check: the full one (BackupTo, `salesops
// backup`) took a second of every import at 100,000 deals.
func (db *DB) Backup(ctx context.Context, reason string) (string, error) {
	name := fmt.Sprintf("%s-%s.db", time.Now().UTC().Format("20060102T150405.000000000Z"), reason)
	out := filepath.Join(db.BackupDir, name)
	if err := db.backupTo(ctx, out, quickCheck); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(db.BackupDir)
	if err != nil {
		return out, nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".db") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for len(names) > KeepBackups {
		os.Remove(filepath.Join(db.BackupDir, names[0]))
		names = names[1:]
	}
	return out, nil
}

// Restore replaces the workspace file at dst with the backup src after
// checking that src is a Salesops workspace this version can open. The
// caller must have closed any DB on dst.
func Restore(ctx context.Context, src, dst string) error {
	// Copy the backup through a read-only connection first, so the backup
	// itself is never migrated or switched to WAL, then open (and, for an
	// older backup, migrate) the copy before it replaces the workspace.
	tmp := dst + ".restoring"
	// dropTmp removes the copy and the backup Open takes of it before it
	// migrates an older one (the backup file itself is that copy).
	dropTmp := func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		os.RemoveAll(tmp + ".backups")
	}
	dropTmp()
	if err := checkHeader(src); err != nil {
		return err
	}
	in, err := sql.Open("sqlite3", fileURI(src)+"?mode=ro")
	if err != nil {
		return err
	}
	_, err = in.ExecContext(ctx, "VACUUM INTO ?", tmp)
	in.Close()
	if err != nil {
		dropTmp() // interrupted (Cancel) or failed part-way
		return domain.Errorf(domain.EINVALID, "%s cannot be read as a backup: %v", src, err)
	}
	probe, err := Open(ctx, tmp)
	if err != nil {
		dropTmp()
		return err
	}
	// Fold the copy's WAL back into the file before it moves.
	if _, err := probe.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		probe.Close()
		dropTmp()
		return err
	}
	probe.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(dst + suffix)
		os.Remove(tmp + suffix)
	}
	os.RemoveAll(tmp + ".backups")
	return os.Rename(tmp, dst)
}
