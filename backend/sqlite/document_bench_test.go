package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"siteward/backend"
)

// BenchmarkUploadDocument stores a distinct 1 MB PDF per iteration: hash,
// file written temp → fsync → rename, files and documents rows in one
// transaction (with its capture rows).
func BenchmarkUploadDocument(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	c := MustCreateClient(b, db, "Bench Strata", nil)
	s := NewDocumentService(db, backend.NewDirFileStore(filepath.Join(b.TempDir(), "files")))
	owner := backend.DocumentOwner{ClientID: c.ID}
	if _, err := s.CreateFolder(ctx, owner, "public"); err != nil {
		b.Fatal(err)
	}
	content := append([]byte("%PDF-1.4\n"), make([]byte, 1<<20)...)
	b.SetBytes(int64(len(content)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		copy(content[9:], fmt.Sprintf("%020d", i))
		if _, err := s.UploadDocument(ctx, &backend.DocumentUpload{Owner: owner, Folder: "public", Name: "Bench.pdf", Content: content}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindDocuments lists a client with 1,000 documents in 20 folders.
func BenchmarkFindDocuments(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	c := MustCreateClient(b, db, "Bench Strata", nil)
	s := NewDocumentService(db, backend.NewDirFileStore(filepath.Join(b.TempDir(), "files")))
	owner := backend.DocumentOwner{ClientID: c.ID}
	for f := 0; f < 20; f++ {
		if _, err := s.CreateFolder(ctx, owner, fmt.Sprintf("Folder %02d", f)); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 1000; i++ {
		if _, err := s.UploadDocument(ctx, &backend.DocumentUpload{Owner: owner, Folder: fmt.Sprintf("Folder %02d", i%20),
			Name: fmt.Sprintf("Doc %04d.pdf", i), Content: fmt.Appendf(nil, "%%PDF-1.4 %d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		l, err := s.FindDocuments(ctx, owner)
		if err != nil || len(l.Documents) != 1000 || len(l.Folders) != 20 {
			b.Fatalf("%v %v", l, err)
		}
	}
}
