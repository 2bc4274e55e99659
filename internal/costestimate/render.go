package costestimate

import (
	"fmt"
	"strings"
)

// dollars prints an amount as every figure of the report is printed: "$90.44" (the rates are in USD).
func dollars(amount float64) string {
	return fmt.Sprintf("$%.2f", amount)
}

// signed prints a difference to the stack's total: "+$38.69" or "−$9.49".
func signed(diff float64) string {
	if diff < 0 {
		return "−" + dollars(-diff)
	}
	return "+" + dollars(diff)
}

// alternative prints what the stack would cost in another egress mode, and the difference to its total:
// "nat-single with the interface endpoints: $129.13 (+$38.69)".
func (r *Report) alternative(alt Alternative) string {
	return fmt.Sprintf("%s: %s (%s)", alt.Label, dollars(alt.Monthly), signed(alt.Monthly-r.Total))
}

// Text renders the report for a terminal (`make cost`, the sandbox).
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Monthly cost estimate of stack %s (%s, %s list prices of %s; fixed costs only)\n", r.Stack, r.Region, r.Currency, r.Retrieved)
	width := 0
	for _, line := range r.Lines {
		width = max(width, len([]rune(line.Item)))
	}
	for _, line := range r.Lines {
		fmt.Fprintf(&b, "  %-*s  %10s   %s\n", width, line.Item, dollars(line.Monthly), line.Detail)
	}
	fmt.Fprintf(&b, "  %-*s  %10s\n", width, "total per month", dollars(r.Total))
	b.WriteString("Usage rates (not in the total):\n")
	for _, rate := range r.Rates {
		fmt.Fprintf(&b, "  - %s\n", rate)
	}
	if len(r.Alternatives) > 0 {
		b.WriteString("Other egress modes (same stack, fixed cost per month):\n")
		for _, alt := range r.Alternatives {
			fmt.Fprintf(&b, "  - %s\n", r.alternative(alt))
		}
	}
	b.WriteString("Assumptions:\n")
	for _, assumption := range r.Assumptions {
		fmt.Fprintf(&b, "  - %s\n", assumption)
	}
	fmt.Fprintf(&b, "Not included: %s.\n", strings.Join(r.Excluded, ", "))
	return b.String()
}

// Markdown renders the report for a PR comment or docs.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "#### Monthly cost estimate: stack `%s`\n\n", r.Stack)
	fmt.Fprintf(&b, "Fixed costs at %s %s list prices of %s (`make cost STACK=%s`).\n\n", r.Region, r.Currency, r.Retrieved, r.Stack)
	b.WriteString("| item | per month | how |\n|---|---:|---|\n")
	for _, line := range r.Lines {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", line.Item, dollars(line.Monthly), strings.ReplaceAll(line.Detail, "|", "\\|"))
	}
	fmt.Fprintf(&b, "| **total** | **%s** | |\n\n", dollars(r.Total))
	if len(r.Alternatives) > 0 {
		b.WriteString("Other egress modes (the endpoints vs NAT trade-off), fixed cost per month:\n\n")
		for _, alt := range r.Alternatives {
			fmt.Fprintf(&b, "- %s\n", r.alternative(alt))
		}
	}
	b.WriteString("\nUsage rates, not in the total:\n\n")
	for _, rate := range r.Rates {
		fmt.Fprintf(&b, "- %s\n", rate)
	}
	b.WriteString("\nAssumptions:\n\n")
	for _, assumption := range r.Assumptions {
		fmt.Fprintf(&b, "- %s\n", assumption)
	}
	fmt.Fprintf(&b, "\nNot included: %s.\n", strings.Join(r.Excluded, ", "))
	return b.String()
}
