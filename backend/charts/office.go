package charts

import (
	"encoding/json"

	"siteward/backend"
)

var _ backend.OfficeChartBuilder = (*Builder)(nil)

// OpenDefectsByAge: open remarks by age, stacked by severity.
func (*Builder) OpenDefectsByAge(d *backend.ChartData) (json.RawMessage, error) {
	return stacked(d, spec{title: "Open defects by age", categories: d.Categories, whole: true})
}
