package demo

import (
	"cmp"
	"slices"
)

// numberRecords is the first pass over the sites: it generates each one
// (and throws it away) to learn when every task, remark, quote and invoice
// was created, so human numbers can follow creation order across the whole
// dataset, as they would have been handed out.
func (g *generator) numberRecords() error {
	type key struct {
		ms  int64
		idx int32
	}
	tasks := make([]key, 0, g.counts.Tasks)
	remarks := make([]key, 0, g.counts.Remarks)
	quotes := make([]key, 0, g.counts.Quotes)
	invoices := make([]key, 0, g.counts.Invoices)
	for i, p := range g.props {
		s := g.generateSite(p)
		for j, t := range s.tasks {
			tasks = append(tasks, key{t.created.UnixMilli(), int32(p.taskOff + j)})
		}
		for j, m := range s.remarks {
			remarks = append(remarks, key{m.raised.UnixMilli(), int32(p.remarkOff + j)})
		}
		for j, q := range s.quotes {
			quotes = append(quotes, key{q.created.UnixMilli(), int32(p.quoteOff + j)})
		}
		for j, inv := range s.invoices {
			invoices = append(invoices, key{inv.created.UnixMilli(), int32(p.invoiceOff + j)})
		}
		if i%256 == 255 || i == len(g.props)-1 {
			if err := g.w.ctx.Err(); err != nil {
				return err
			}
			g.progress("numbering", i+1, len(g.props))
		}
	}
	assign := func(keys []key) []int32 {
		slices.SortFunc(keys, func(a, b key) int {
			if c := cmp.Compare(a.ms, b.ms); c != 0 {
				return c
			}
			return cmp.Compare(a.idx, b.idx)
		})
		out := make([]int32, len(keys))
		for rank, k := range keys {
			out[k.idx] = int32(firstNumber + rank)
		}
		return out
	}
	g.taskNo, g.remarkNo, g.quoteNo, g.invoiceNo = assign(tasks), assign(remarks), assign(quotes), assign(invoices)
	return nil
}

// numberOf returns the human number of the i-th record, or nil before numbering.
func (g *generator) numberOf(nums []int32, i int) any {
	if nums == nil {
		return nil
	}
	return int(nums[i])
}
