package persistence

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is the default workspace: in the user's application data folder
// ($XDG_DATA_HOME/Salesops or ~/.local/share/Salesops on Linux,
// ~/Library/Application Support/Salesops on macOS, %AppData%\Salesops on Windows).
func DefaultPath() (string, error) {
	var dir string
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		dir = os.Getenv("XDG_DATA_HOME")
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(home, ".local", "share")
		}
	} else {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	return filepath.Join(dir, "Salesops", "workspace.db"), nil
}
