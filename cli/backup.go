package cli

import (
	"context"
	"fmt"
)

func init() {
	register(&command{name: "backup", usage: "backup --db FILE -o OUT.db",
		summary: "write a consistent, checked copy of the workspace", run: runBackup})
}

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := flags("backup", env)
	dbPath := fs.String("db", "", "workspace file")
	out := fs.String("o", "", "backup file to write (must not exist)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("-o OUT.db is required")
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.BackupTo(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s (integrity check passed)\n", *out)
	return nil
}
