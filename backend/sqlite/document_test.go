package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"siteward/backend"
)

const testPDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

// failingFiles is a file store whose writes fail (a full disk).
type failingFiles struct{ backend.FileStore }

func (failingFiles) PutFile(string, string, []byte) error { return errors.New("disk full") }

func newDocumentFixture(t *testing.T) (*DB, *DocumentService, *backend.Client, *backend.Property) {
	t.Helper()
	db := MustOpenDB(t)
	c := MustCreateClient(t, db, "Harbour Strata", nil)
	p := MustCreateProperty(t, db, c, "Harbour Tower")
	return db, NewDocumentService(db, backend.NewDirFileStore(filepath.Join(t.TempDir(), "files"))), c, p
}

func TestDocuments_FoldersAndUpload(t *testing.T) {
	ctx := context.Background()
	db, s, c, p := newDocumentFixture(t)
	client := backend.DocumentOwner{ClientID: c.ID}
	for _, name := range []string{"public", "Contracts"} {
		if _, err := s.CreateFolder(ctx, client, name); err != nil {
			t.Fatalf("create folder %s: %v", name, err)
		}
	}
	if _, err := s.CreateFolder(ctx, client, " PUBLIC "); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("same folder in other case: %v, want conflict", err)
	}
	if _, err := s.CreateFolder(ctx, client, "a/b"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("folder with a slash: %v, want invalid", err)
	}
	// The property's folders are its own.
	if l, err := s.FindDocuments(ctx, backend.DocumentOwner{PropertyID: p.ID}); err != nil || len(l.Folders) != 0 {
		t.Fatalf("property folders: %+v %v", l, err)
	}

	d, err := s.UploadDocument(ctx, &backend.DocumentUpload{Owner: client, Folder: "Public", Name: "Evacuation plan.pdf", Content: []byte(testPDF)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Mime != "application/pdf" || !d.Public || d.Folder != "public" || d.Size != int64(len(testPDF)) {
		t.Errorf("uploaded: %+v", d)
	}
	l, err := s.FindDocuments(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Folders) != 2 || l.Folders[0].Name != "public" || !l.Folders[0].Public || l.Folders[0].Documents != 1 || l.Folders[1].Public {
		t.Errorf("folders: %+v %+v", l.Folders[0], l.Folders[1])
	}

	// A folder with documents is not deleted; an empty one is.
	if err := s.DeleteFolder(ctx, client, "public"); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "1 document") {
		t.Errorf("delete full folder: %v", err)
	}
	if _, err := s.UpdateDocument(ctx, d.ID, backend.DocumentUpdate{Folder: ptr("contracts")}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFolder(ctx, client, "public"); err != nil {
		t.Errorf("delete emptied folder: %v", err)
	}
	// Renaming moves the documents; a taken name is refused.
	if _, err := s.CreateFolder(ctx, client, "Old"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenameFolder(ctx, client, "Contracts", "old"); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("rename onto a taken name: %v", err)
	}
	if _, err := s.RenameFolder(ctx, client, "Contracts", "Public"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.FindDocuments(ctx, client)
	if got.Documents[0].Folder != "Public" || !got.Documents[0].Public {
		t.Errorf("after rename: %+v", got.Documents[0])
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM document_folders WHERE deleted_at IS NULL AND lower(name) = 'contracts'`); n != 0 {
		t.Errorf("the old folder name is still there (%d rows)", n)
	}
	if err := s.DeleteFolder(ctx, client, "Nope"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("delete missing folder: %v", err)
	}
	if err := s.DeleteDocument(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindDocumentFile(ctx, d.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("deleted document's file: %v", err)
	}
}

// A refused or failed upload writes nothing: no document, no files row.
func TestDocuments_UploadAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db, s, c, _ := newDocumentFixture(t)
	owner := backend.DocumentOwner{ClientID: c.ID}
	if _, err := s.CreateFolder(ctx, owner, "public"); err != nil {
		t.Fatal(err)
	}
	nothing := func(when string) {
		t.Helper()
		if n := MustCount(t, db, `SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM files)`); n != 0 {
			t.Errorf("%s: %d rows written", when, n)
		}
	}
	cases := []struct {
		name  string
		up    backend.DocumentUpload
		field string
	}{
		{"html named pdf", backend.DocumentUpload{Owner: owner, Folder: "public", Name: "plan.pdf", Content: []byte("<html><script>alert(1)</script>")}, "file"},
		{"svg image", backend.DocumentUpload{Owner: owner, Folder: "public", Name: "logo.svg", Content: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`)}, "file"},
		{"empty", backend.DocumentUpload{Owner: owner, Folder: "public", Name: "x.pdf"}, "file"},
		{"too large", backend.DocumentUpload{Owner: owner, Folder: "public", Name: "x.pdf", Content: append([]byte("%PDF-"), make([]byte, backend.MaxDocumentBytes)...)}, "file"},
		{"no name", backend.DocumentUpload{Owner: owner, Folder: "public", Content: []byte(testPDF)}, "name"},
		{"no such folder", backend.DocumentUpload{Owner: owner, Folder: "Secret", Name: "x.pdf", Content: []byte(testPDF)}, "folder"},
	}
	for _, tc := range cases {
		_, err := s.UploadDocument(ctx, &tc.up)
		var e *backend.Error
		if !errors.As(err, &e) || e.Code != backend.EINVALID || e.Fields[tc.field] == "" {
			t.Errorf("%s: %v, want a message on %s", tc.name, err, tc.field)
		}
		nothing(tc.name)
	}
	if _, err := s.UploadDocument(ctx, &backend.DocumentUpload{Owner: backend.DocumentOwner{ClientID: backend.NewID()}, Folder: "public", Name: "x.pdf", Content: []byte(testPDF)}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("no such client: %v", err)
	}

	// The disk fails: nothing is recorded.
	broken := NewDocumentService(db, failingFiles{})
	if _, err := broken.UploadDocument(ctx, &backend.DocumentUpload{Owner: owner, Folder: "public", Name: "x.pdf", Content: []byte(testPDF)}); err == nil {
		t.Fatal("upload on a failing disk succeeded")
	}
	nothing("failing disk")

	// The document row fails after the file and its files row were written:
	// the files row goes with it (one transaction).
	MustExec(t, db, `CREATE TRIGGER refuse_documents BEFORE INSERT ON documents BEGIN SELECT RAISE(ABORT, 'refused'); END`)
	if _, err := s.UploadDocument(ctx, &backend.DocumentUpload{Owner: owner, Folder: "public", Name: "x.pdf", Content: []byte(testPDF)}); err == nil {
		t.Fatal("upload with a refused row succeeded")
	}
	nothing("refused document row")
}

func TestSniffDocument(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"a.pdf", testPDF, "application/pdf"},
		{"notes.txt", "plain notes", "text/plain"},
		{"list.csv", "a,b\n1,2\n", "text/csv"},
		{"report.docx", "PK\x03\x04rest of zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"archive.zip", "PK\x03\x04rest of zip", "application/zip"},
		{"page.pdf", "<!DOCTYPE html><p>hi", ""},
		{"bin.dat", "\x00\x01\x02\x03binary", ""},
	} {
		got, problem := backend.SniffDocument(tc.name, []byte(tc.content), backend.MaxDocumentBytes)
		if got != tc.want || (tc.want == "") != (problem != "") {
			t.Errorf("%s: %q %q, want %q", tc.name, got, problem, tc.want)
		}
	}
}
