package persistence

/*
// go-sqlite3 compiles SQLite into the program; sqlite3_config is its own.
int sqlite3_config(int, ...);

// SQLITE_CONFIG_STMTJRNL_SPILL (sqlite3.h): how large a statement journal
// grows in memory before SQLite moves it to a temporary file.
static int salesopsStatementJournalSpill(int bytes) { return sqlite3_config(26, bytes); }
*/
import "C"

import "fmt"

// statementJournalSpill is how large a statement journal may grow in
// memory. Within a transaction, SQLite keeps the pages a statement changes
// that earlier statements had already changed, to undo that statement
// alone; past 64 KiB (its default) it writes them to a temporary file. A
// 32-deal INSERT of a bulk import journals about 130 KB (one page of the
// unique index on the deals' IDs per deal): at the default, an import of
// 100,000 deals wrote 390 MB to temporary files in 190,000 writes and
// took 4 s instead of 2.9 s. A megabyte keeps such statements in memory
// (one journal at a time per connection).
const statementJournalSpill = 1 << 20

// configureSQLite runs before the first connection opens: SQLite takes
// its process-wide configuration only before it initializes.
func configureSQLite() error {
	if rc := C.salesopsStatementJournalSpill(statementJournalSpill); rc != 0 {
		return fmt.Errorf("sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL): error %d", int(rc))
	}
	return nil
}

// A failure would cost speed only (TestStatementJournalsStayInMemory
// checks the setting holds).
func init() { _ = configureSQLite() }
