package http

// ForgetReportJobs empties the in-memory jobs, as a restart would.
func (s *Server) ForgetReportJobs() { s.jobs = newReportJobs() }
