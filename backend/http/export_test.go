package http

// HoldReportJobs takes the one slot report jobs draw in, so new jobs wait
// until release is called (a test can watch a job run in the background).
func (s *Server) HoldReportJobs() (release func()) {
	s.jobs.run <- struct{}{}
	return func() { <-s.jobs.run }
}

// CacheEveryMap makes the map cache keep views of any size (the test
// worlds are small) until restore is called.
func CacheEveryMap() (restore func()) {
	was := mapCacheMinPins
	mapCacheMinPins = 0
	return func() { mapCacheMinPins = was }
}

// MapCacheCounts returns how many map answers came from memory (kept, or
// shared with a request reading at the same time) and how many were read
// afresh, and starts counting again.
func (s *Server) MapCacheCounts() (hits, misses int64) {
	s.maps.mu.Lock()
	defer s.maps.mu.Unlock()
	hits, misses = s.maps.hits+s.maps.shared, s.maps.misses
	s.maps.hits, s.maps.misses, s.maps.shared = 0, 0, 0
	return hits, misses
}

// SessionCacheCounts returns how many session lookups came from memory and
// how many were read afresh, and starts counting again.
func (s *Server) SessionCacheCounts() (hits, misses int64) {
	s.access.mu.Lock()
	defer s.access.mu.Unlock()
	hits, misses = s.access.hits, s.access.misses
	s.access.hits, s.access.misses = 0, 0
	return hits, misses
}

// ChartCacheCounts returns how many chart answers came from memory and how
// many were built, and starts counting again.
func (s *Server) ChartCacheCounts() (hits, misses int64) {
	s.charts.mu.Lock()
	defer s.charts.mu.Unlock()
	hits, misses = s.charts.hits, s.charts.misses
	s.charts.hits, s.charts.misses = 0, 0
	return hits, misses
}
