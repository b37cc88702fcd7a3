package http

// HoldReportJobs takes the one slot report jobs draw in, so new jobs wait
// until release is called (a test can watch a job run in the background).
func (s *Server) HoldReportJobs() (release func()) {
	s.jobs.run <- struct{}{}
	return func() { <-s.jobs.run }
}
