package backend

import (
	"slices"
	"testing"
)

// The detail's stage picker offers exactly the moves TaskCanMove allows.
func TestTaskNextStages_AreTheMovesTaskCanMoveAllows(t *testing.T) {
	for _, from := range TaskStages {
		next := TaskNextStages(from)
		for _, to := range TaskStages {
			if to == from {
				continue
			}
			if allowed := TaskCanMove(from, to) == nil; allowed != slices.Contains(next, to) {
				t.Errorf("%s → %s: TaskCanMove allows %v, next stages %v", from, to, allowed, next)
			}
		}
	}
}
