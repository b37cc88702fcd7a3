package backend

import (
	"context"
	"strings"
	"unicode"
)

// Documents live in folders on a client (shared by all its properties) or
// on one property. Only the folder named "public" reaches the portal
// (DESIGN.md §5); every other folder is the office's.

// PublicFolder is the name of the one folder the portal shows.
const PublicFolder = "public"

// IsPublicFolder reports whether a folder of this name reaches the portal
// (the name is compared trimmed and without regard to case, as in SQL).
func IsPublicFolder(name string) bool {
	return strings.EqualFold(strings.TrimSpace(name), PublicFolder)
}

// MaxDocumentBytes is the largest document one upload may carry.
const MaxDocumentBytes = 25 << 20

// DocumentOwner is what a document hangs off: exactly one of a client or a property.
type DocumentOwner struct {
	ClientID   string
	PropertyID string
}

// DocumentFolder is one folder of an owner. A folder exists while it has a
// row of its own or documents in it, so two installs creating the same
// folder offline end up with one folder.
type DocumentFolder struct {
	Name      string `json:"name"`
	Public    bool   `json:"public"` // shown in the portal
	Documents int    `json:"documents"`
}

// Document is a stored file in a folder.
type Document struct {
	ID         string  `json:"id"`
	ClientID   *string `json:"clientId"`
	PropertyID *string `json:"propertyId"`
	Folder     string  `json:"folder"`
	Name       string  `json:"name"`
	Mime       string  `json:"mime"`
	Size       int64   `json:"size"`
	Public     bool    `json:"public"`
	UploadedBy string  `json:"uploadedBy"` // the user's name, "" when unknown
	CreatedAt  string  `json:"createdAt"`
	UpdatedAt  string  `json:"updatedAt"`
}

// DocumentList is an owner's folders and documents.
type DocumentList struct {
	Folders   []*DocumentFolder `json:"folders"`
	Documents []*Document       `json:"documents"`
}

// DocumentUpload is a new document. Its type is sniffed from Content, never
// taken from the sender.
type DocumentUpload struct {
	Owner      DocumentOwner
	Folder     string
	Name       string
	Content    []byte
	UploadedBy string // user id, "" for none
}

// Validate checks the upload before anything is stored and returns the
// file's sniffed type.
func (u *DocumentUpload) Validate() (mime string, err error) {
	p := Problems{}
	u.Name = strings.TrimSpace(u.Name)
	u.Folder = strings.TrimSpace(u.Folder)
	if msg := documentNameProblem(u.Name); msg != "" {
		p.Add("name", msg)
	}
	if u.Folder == "" {
		p.Add("folder", "Choose the folder to put the document in.")
	}
	mime, msg := SniffDocument(u.Name, u.Content, MaxDocumentBytes)
	if msg != "" {
		p.Add("file", msg)
	}
	return mime, p.Err()
}

// DocumentUpdate renames a document or moves it to another folder of the
// same owner; nil fields are left as they are.
type DocumentUpdate struct {
	Name   *string `json:"name"`
	Folder *string `json:"folder"`
}

// Validate checks and trims the update.
func (u *DocumentUpdate) Validate() error {
	p := Problems{}
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		if msg := documentNameProblem(*u.Name); msg != "" {
			p.Add("name", msg)
		}
	}
	if u.Folder != nil {
		*u.Folder = strings.TrimSpace(*u.Folder)
		if *u.Folder == "" {
			p.Add("folder", "Choose a folder.")
		}
	}
	return p.Err()
}

func documentNameProblem(name string) string {
	switch {
	case name == "":
		return "Enter a name for the document."
	case len(name) > 200:
		return "Keep the name under 200 characters."
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "The name has characters that cannot be shown."
	}
	return ""
}

// CleanFolderName trims a folder name and says what is wrong with it.
func CleanFolderName(name string) (string, error) {
	name = strings.TrimSpace(name)
	msg := ""
	switch {
	case name == "":
		msg = "Enter a name for the folder."
	case len(name) > 80:
		msg = "Keep the folder name under 80 characters."
	case strings.ContainsAny(name, `/\`) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		msg = `A folder name cannot contain / or \.`
	}
	if msg != "" {
		return name, &Error{Code: EINVALID, Message: "Check the folder name.", Fields: map[string]string{"name": msg}}
	}
	return name, nil
}

// DocumentService keeps the office's documents and folders.
type DocumentService interface {
	// FindDocuments lists an owner's folders and documents; ENOTFOUND for no owner.
	FindDocuments(ctx context.Context, o DocumentOwner) (*DocumentList, error)
	// CreateFolder adds an empty folder; EINVALID, ECONFLICT when it exists, ENOTFOUND.
	CreateFolder(ctx context.Context, o DocumentOwner, name string) (*DocumentFolder, error)
	// RenameFolder renames a folder and moves its documents with it;
	// ENOTFOUND, EINVALID, ECONFLICT when the new name is taken.
	RenameFolder(ctx context.Context, o DocumentOwner, from, to string) (*DocumentFolder, error)
	// DeleteFolder removes an empty folder; ECONFLICT while it has documents, ENOTFOUND.
	DeleteFolder(ctx context.Context, o DocumentOwner, name string) error
	// UploadDocument stores the file and its row in one transaction;
	// EINVALID (field-level: name, folder, file) or ENOTFOUND. A failure stores no row.
	UploadDocument(ctx context.Context, u *DocumentUpload) (*Document, error)
	// UpdateDocument renames or moves a document; EINVALID, ENOTFOUND.
	UpdateDocument(ctx context.Context, id string, u DocumentUpdate) (*Document, error)
	// DeleteDocument removes a document (a tombstone); ENOTFOUND.
	DeleteDocument(ctx context.Context, id string) error
	// FindDocumentFile names a document's stored file; ENOTFOUND.
	FindDocumentFile(ctx context.Context, id string) (*StoredFileRef, error)
}
