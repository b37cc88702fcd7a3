package backend

import "strings"

// taskFlow is the task stage flow (DOMAIN.md): where each stage may go
// next. A completed task is final; a cancelled one can be made ready again.
var taskFlow = map[string][]string{
	"onhold":     {"ready", "cancelled"},
	"ready":      {"inprogress", "performed", "onhold", "cancelled"},
	"inprogress": {"performed", "ready", "onhold", "cancelled"},
	"performed":  {"complete", "inprogress"},
	"cancelled":  {"ready"},
}

var taskStageWords = map[string]string{"onhold": "on hold", "ready": "ready", "inprogress": "in progress",
	"performed": "performed", "complete": "complete", "cancelled": "cancelled"}

// TaskCanMove returns nil if a task in stage from may move to stage to
// (staying is always fine), else ECONFLICT saying what is possible.
func TaskCanMove(from, to string) error {
	if from == to || contains(taskFlow[from], to) {
		return nil
	}
	next := taskFlow[from]
	if len(next) == 0 {
		return Errorf(ECONFLICT, "This task is %s; its stage cannot change any more.", taskStageWords[from])
	}
	words := make([]string, len(next))
	for i, s := range next {
		words[i] = taskStageWords[s]
	}
	return Errorf(ECONFLICT, "A task %s can become %s, not %s.", taskStageWords[from], strings.Join(words, ", "), taskStageWords[to])
}
