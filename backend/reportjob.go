package backend

import (
	"context"
	"time"
)

// FinishedReportJob is a background report (the portal's "prepare, then
// download") that has finished, kept so a restart does not lose it.
type FinishedReportJob struct {
	ID         string
	Kind       string // the report's slug
	Name       string // the download's file name
	Status     string // done or failed
	Error      string
	Scope      Scope // who asked, in which view: nobody else may fetch it
	FileSHA256 string
	CreatedAt  time.Time
}

// ReportJobStore keeps finished report jobs.
type ReportJobStore interface {
	// SaveReportJob keeps j and, when it is done, its PDF (in the file
	// store, with its files row), in one transaction. Jobs older than a day
	// are dropped then.
	SaveReportJob(ctx context.Context, j *FinishedReportJob, pdf []byte) error
	// FindReportJob returns ENOTFOUND.
	FindReportJob(ctx context.Context, id string) (*FinishedReportJob, error)
}
