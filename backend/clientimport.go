package backend

import (
	"context"
	"time"
)

// ImportColumn is one column of the client import template.
type ImportColumn struct {
	Key      string `json:"key"`
	Header   string `json:"header"`
	Required bool   `json:"required"`
	Help     string `json:"help"`
}

// ClientImportColumns are the template's columns, in order. A file may leave
// optional columns out (an update then keeps what the client has) and may
// order them as it likes; headers match ignoring case, spaces and a "*".
var ClientImportColumns = []ImportColumn{
	{"code", "Client code", true, "Your own unique reference for the client. Importing a code that exists updates that client."},
	{"name", "Name", true, "The client's name, e.g. the property manager or owners corporation."},
	{"group", "Client group", false, "The name of an existing client group; empty for none."},
	{"contactName", "Primary contact name", false, "Required when any other primary contact column has a value."},
	{"contactEmail", "Primary contact email", false, "Receives the portal invitation and anything without its own address."},
	{"contactPhone", "Primary contact phone", false, ""},
	{"contactAddress", "Primary contact address", false, ""},
	{"emailReports", "Reports email", false, "Empty to use the primary contact's."},
	{"emailQuotes", "Quotes email", false, "Empty to use the primary contact's."},
	{"emailCorrespondence", "Correspondence email", false, "Empty to use the primary contact's."},
	{"emailInvoices", "Invoices email", false, "Empty to use the primary contact's."},
	{"pricingTier", "Pricing tier", false, "standard, preferred, strata or government; empty for standard."},
	{"tags", "Tags", false, "Separated by semicolons, e.g. strata; north shore."},
	{"active", "Active", false, "yes or no; empty for yes."},
}

// MaxImportFileBytes is the largest import file accepted (16 MB).
const MaxImportFileBytes = 16 << 20

// ClientCodeMax bounds a client code.
const ClientCodeMax = 50

// ImportProblem is one thing wrong with an import file. Row is the
// spreadsheet row (the header is row 1; 0 for the file as a whole).
type ImportProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportedClient is a client as an import plan compares and writes it.
type ImportedClient struct {
	ID      string  `json:"id,omitempty"`
	Code    string  `json:"code"`
	Client  Client  `json:"-"`
	Contact Contact `json:"-"` // the primary contact; empty Name for none
	// Version is the stored updated_at, so an apply refuses a client that
	// changed after the preview.
	Version string `json:"-"`
}

// Import actions.
const (
	ImportCreate    = "create"
	ImportUpdate    = "update"
	ImportUnchanged = "unchanged"
)

// ClientImportChange is what one row of the file does.
type ClientImportChange struct {
	Row    int      `json:"row"`
	Action string   `json:"action"` // create, update, unchanged
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	Fields []string `json:"fields,omitempty"` // the column headers an update changes
	// Client is the client as it will be stored (for an update: what it has,
	// with the file's columns laid over it).
	Client       ImportedClient `json:"-"`
	WriteTags    bool           `json:"-"`
	WriteContact bool           `json:"-"`
}

// ClientImportRecord is an import that was applied.
type ClientImportRecord struct {
	ID        string    `json:"id"`
	Hash      string    `json:"hash"`
	FileName  string    `json:"fileName"`
	Format    string    `json:"format"`
	UserID    string    `json:"userId,omitempty"`
	UserName  string    `json:"userName"`
	Created   int       `json:"created"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	AppliedAt time.Time `json:"appliedAt"`
}

// ClientImportPreview is what an import file would do, before anything is
// written. Changes and Problems are capped (ChangesShown, ProblemCount tell
// how many there are in all).
type ClientImportPreview struct {
	FileName     string               `json:"fileName"`
	Hash         string               `json:"hash"`
	Format       string               `json:"format"`
	Rows         int                  `json:"rows"`
	Creates      int                  `json:"creates"`
	Updates      int                  `json:"updates"`
	Unchanged    int                  `json:"unchanged"`
	Problems     []ImportProblem      `json:"problems"`
	ProblemCount int                  `json:"problemCount"`
	Changes      []ClientImportChange `json:"changes"`
	// PreviousImport is set when this very file was applied before.
	PreviousImport *ClientImportRecord `json:"previousImport"`
}

// ClientImportState is what the store knows that a plan depends on.
type ClientImportState struct {
	Existing map[string]*ImportedClient // by lower-case code
	Groups   map[string][]string        // lower-case group name → ids (more than one: ambiguous)
	Previous *ClientImportRecord        // an applied import of the same file
}

// ClientImportPlan is a checked import ready to apply.
type ClientImportPlan struct {
	Record  ClientImportRecord
	Changes []ClientImportChange
}

// ClientImportStore is the storage an import is planned against and applied to.
type ClientImportStore interface {
	// ClientImportState looks up the clients with the given codes, every
	// group by name, and an applied import of the file with hash.
	ClientImportState(ctx context.Context, hash string, codes []string) (*ClientImportState, error)
	// ApplyClientImport writes every create and update of plan and records it,
	// in one transaction. ECONFLICT if the file was applied already, a code
	// was taken, or a client changed since the state was read: nothing is
	// written then.
	ApplyClientImport(ctx context.Context, plan *ClientImportPlan) error
}

// ImportFile is an uploaded import file.
type ImportFile struct {
	Name string
	Data []byte
}

// ClientImporter turns an uploaded file into clients.
type ClientImporter interface {
	// ClientImportTemplate returns an empty template ("csv" or "xlsx") and its
	// content type; EINVALID for another format.
	ClientImportTemplate(format string) (data []byte, contentType string, err error)
	// PreviewClientImport parses and checks f and says what applying it would
	// do; EINVALID only when f cannot be read at all (too big, not CSV/XLSX).
	PreviewClientImport(ctx context.Context, f ImportFile) (*ClientImportPreview, error)
	// ApplyClientImport applies f all-or-nothing: EINVALID if it has any
	// problem, ECONFLICT if it was applied before or the data changed since.
	ApplyClientImport(ctx context.Context, f ImportFile, by *User) (*ClientImportRecord, error)
}
