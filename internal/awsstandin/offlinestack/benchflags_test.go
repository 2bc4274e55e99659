package offlinestack

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBenchFlagsRefuseBadSizesAndRounds(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-sizes", "10,0"}, `-sizes: "0" is not a positive number`},
		{[]string{"-sizes", "10,x"}, `-sizes: "x" is not a positive number`},
		{[]string{"-rounds", "0"}, "-rounds must be at least 1"},
		{[]string{"-repo", t.TempDir()}, "not found in"},
	} {
		flags := flag.NewFlagSet("bench", flag.ContinueOnError)
		benchFlags := NewBenchFlags(flags, "1,10", 3)
		require.NoError(t, flags.Parse(tc.args))
		_, err := benchFlags.Resolve()
		assert.ErrorContains(t, err, tc.want, "%v", tc.args)
	}
}
