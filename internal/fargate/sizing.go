// Package fargate holds the AWS Fargate task sizing table: which memory values (MiB) are valid for each task CPU
// value (CPU units). It is pure data shared by the program's config validation and the policy pack, so the two can
// never disagree about what a valid task size is.
package fargate

import (
	"slices"
	"strconv"
	"strings"
)

// memoryRange is an inclusive range of memory values in MiB, walked in fixed steps.
type memoryRange struct {
	min, max, step int
}

// sizes is the Fargate table for Linux tasks
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html).
var sizes = map[int][]memoryRange{
	256:   {{512, 512, 1}, {1024, 2048, 1024}},
	512:   {{1024, 4096, 1024}},
	1024:  {{2048, 8192, 1024}},
	2048:  {{4096, 16384, 1024}},
	4096:  {{8192, 30720, 1024}},
	8192:  {{16384, 61440, 4096}},
	16384: {{32768, 122880, 8192}},
}

// CPUs returns the valid task CPU values in ascending order.
func CPUs() []int {
	cpus := make([]int, 0, len(sizes))
	for cpu := range sizes {
		cpus = append(cpus, cpu)
	}
	slices.Sort(cpus)
	return cpus
}

// ValidMemories returns the valid memory values (MiB) for a task CPU value in ascending order, or nil when the CPU
// value itself is not a Fargate size.
func ValidMemories(cpu int) []int {
	ranges, ok := sizes[cpu]
	if !ok {
		return nil
	}
	var memories []int
	for _, r := range ranges {
		for m := r.min; m <= r.max; m += r.step {
			memories = append(memories, m)
		}
	}
	return memories
}

// IsValid reports whether cpu/memory is a valid Fargate task size.
func IsValid(cpu, memory int) bool {
	return slices.Contains(ValidMemories(cpu), memory)
}

// Describe returns a short human-readable list of the valid memory values for cpu, for error messages
// ("1024, 2048 or 3072"), or the list of valid CPU values when cpu is not a Fargate size.
func Describe(cpu int) string {
	values := ValidMemories(cpu)
	if values == nil {
		values = CPUs()
	}
	text := make([]string, len(values))
	for i, v := range values {
		text[i] = strconv.Itoa(v)
	}
	if len(text) == 1 {
		return text[0]
	}
	return strings.Join(text[:len(text)-1], ", ") + " or " + text[len(text)-1]
}
