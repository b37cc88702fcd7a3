package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"

	"siteward/backend"
)

// A change adding a file the hub does not hold yet waits on the laptop —
// neither applied nor refused — with what follows it; once the content is
// uploaded the same push goes through.
func TestSync_HubHoldsBackAChangeWhoseFileItLacks(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	ctx := context.Background()
	hubFiles := backend.NewDirFileStore(filepath.Join(t.TempDir(), "hub-files"))
	w.hubSync.Files = hubFiles
	content := []byte("photo of the missing extinguisher")
	s := sha256.Sum256(content)
	sum := hex.EncodeToString(s[:])
	now := backend.FormatTime(testNow)
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'inprogress' WHERE id = ?`, w.task)
	MustExec(t, w.laptop, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'image/jpeg', ?)`, sum, len(content), now)
	MustExec(t, w.laptop, `INSERT INTO remark_photos (id, remark_id, file_sha256, created_at) VALUES (?, ?, ?, ?)`, backend.NewID(), w.remark, sum, now)

	pending, _ := w.laptopSync.PendingChanges(ctx, 100)
	res, err := w.hubSync.ApplyPush(ctx, w.batch(pending))
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 1 || res.Quarantined != 0 || len(res.MissingFiles) != 1 || res.MissingFiles[0] != sum || res.LastSeq != pending[0].Seq {
		t.Fatalf("push %+v; want the task change applied and the batch stopped at the file", res)
	}
	if err := w.laptopSync.AcknowledgePush(ctx, res); err != nil {
		t.Fatal(err)
	}
	if left, _ := w.laptopSync.PendingChanges(ctx, 100); len(left) != 2 {
		t.Fatalf("%d changes still pending on the laptop, want the file's and the photo's", len(left))
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM files WHERE sha256 = ?`, sum); n != 0 {
		t.Fatal("the hub took a file row without its content")
	}

	if err := hubFiles.PutFile(sum, "image/jpeg", content); err != nil {
		t.Fatal(err)
	}
	if res := w.push(); res.Applied != 2 || len(res.MissingFiles) != 0 {
		t.Fatalf("push after the upload: %+v", res)
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM remark_photos WHERE file_sha256 = ?`, sum); n != 1 {
		t.Error("the photo did not reach the hub")
	}
}

// A replica lists the files it has rows for but not the content of.
func TestSync_MissingFilesOnTheReplica(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	ctx := context.Background()
	lapFiles := backend.NewDirFileStore(filepath.Join(t.TempDir(), "files"))
	w.laptopSync.Files = lapFiles
	have, lack := []byte("floorplan level 1"), []byte("floorplan level 2")
	now := backend.FormatTime(testNow)
	for _, c := range [][]byte{have, lack} {
		s := sha256.Sum256(c)
		MustExec(t, w.hub, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'application/pdf', ?)`, hex.EncodeToString(s[:]), len(c), now)
	}
	w.pull()
	s := sha256.Sum256(have)
	if err := lapFiles.PutFile(hex.EncodeToString(s[:]), "application/pdf", have); err != nil {
		t.Fatal(err)
	}
	missing, err := w.laptopSync.MissingFiles(ctx)
	l := sha256.Sum256(lack)
	if err != nil || len(missing) != 1 || missing[0].SHA256 != hex.EncodeToString(l[:]) || missing[0].Size != int64(len(lack)) {
		t.Fatalf("missing %+v, %v; want only level 2", missing, err)
	}
}
