package backend

import (
	"fmt"
	"strings"
)

// Priorities a task may have, most urgent first; SLA targets are per priority.
var Priorities = []string{"urgent", "high", "normal", "low"}

// ClientSLA is a client's service-level target for one task priority: hours
// to respond and hours to complete.
type ClientSLA struct {
	Priority        string `json:"priority"`
	ResponseHours   int    `json:"responseHours"`
	CompletionHours int    `json:"completionHours"`
}

// MaxSLAHours is a year: anything longer is a typing mistake.
const MaxSLAHours = 8760

// ValidateSLAs checks a client's targets (at most one per priority) and
// orders them by priority. Field keys are "slas.<priority>.responseHours" /
// "…completionHours", so a form can show each message beside its box.
func ValidateSLAs(slas []ClientSLA, p Problems) []ClientSLA {
	byPriority := map[string]ClientSLA{}
	for _, s := range slas {
		s.Priority = strings.ToLower(strings.TrimSpace(s.Priority))
		if !contains(Priorities, s.Priority) {
			p.Add("slas", "Use the priorities urgent, high, normal and low.")
			continue
		}
		if _, dup := byPriority[s.Priority]; dup {
			p.Add("slas", fmt.Sprintf("Give one target for %s priority.", s.Priority))
			continue
		}
		key := "slas." + s.Priority + "."
		if s.ResponseHours < 1 || s.ResponseHours > MaxSLAHours {
			p.Add(key+"responseHours", "Enter whole hours from 1 to 8,760.")
		}
		if s.CompletionHours < 1 || s.CompletionHours > MaxSLAHours {
			p.Add(key+"completionHours", "Enter whole hours from 1 to 8,760.")
		} else if s.ResponseHours >= 1 && s.CompletionHours < s.ResponseHours {
			p.Add(key+"completionHours", "Completion cannot come before the response: enter at least the response hours.")
		}
		byPriority[s.Priority] = s
	}
	out := []ClientSLA{}
	for _, pr := range Priorities {
		if s, ok := byPriority[pr]; ok {
			out = append(out, s)
		}
	}
	return out
}
