package server

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"siteward/backend"
	"siteward/backend/sqlite"
)

func (c *CLI) runRestore(ctx context.Context, args []string) error {
	fs, data := c.flags("restore")
	from := fs.String("from", "", "the backup file to restore")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return backend.Errorf(backend.EINVALID, "Name the backup to restore with --from FILE.")
	}
	saved, err := Restore(ctx, *data, *from)
	if err != nil {
		return err
	}
	if saved != "" {
		fmt.Fprintln(c.Stdout, "The database it replaced was saved to", saved)
	}
	fmt.Fprintln(c.Stdout, "Restored", *from, "into", *data)
	return nil
}

// Restore replaces the data folder's database with a backup. It refuses
// while another Siteward uses the folder, checks the backup is a Siteward
// database this version can open (upgrading an older one), and saves the
// database it replaces. It returns where that copy went.
func Restore(ctx context.Context, dataDir, from string) (saved string, err error) {
	if err := prepareDataDir(dataDir); err != nil {
		return "", err
	}
	unlock, err := lockDataDir(dataDir)
	if err != nil {
		return "", err
	}
	defer unlock()
	dbPath := DBPath(dataDir)
	if _, err := os.Stat(dbPath); err == nil {
		cur := sqlite.NewDB(dbPath)
		if err := cur.Open(ctx); err == nil {
			saved, err = cur.Backup(ctx, "pre-restore")
			cur.Close() // the last close checkpoints and removes the WAL
			if err != nil {
				return "", err
			}
		}
	}
	tmp := filepath.Join(dataDir, ".restore.db")
	cleanup := func() {
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + s)
		}
	}
	cleanup()
	defer cleanup()
	if err := copyFile(from, tmp); err != nil {
		return "", backend.Errorf(backend.EINVALID, "Cannot read the backup %s: %v.", from, pathErr(err))
	}
	if err := sqlite.CheckBackup(ctx, tmp); err != nil {
		return "", backend.Errorf(backend.EINVALID, "%s is not a Siteward database (or it is damaged); choose another backup.", from)
	}
	check := sqlite.NewDB(tmp)
	check.BackupDir = filepath.Join(dataDir, "backups")
	if err := check.Open(ctx); err != nil {
		return "", err
	}
	if err := check.Close(); err != nil {
		return "", err
	}
	for _, s := range []string{"-wal", "-shm"} {
		os.Remove(dbPath + s)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return "", err
	}
	return saved, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
