package fargate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsValid(t *testing.T) {
	cases := []struct {
		cpu, memory int
		valid       bool
	}{
		{256, 512, true},
		{256, 1024, true},
		{256, 2048, true},
		{256, 1536, false}, // 256 CPU only takes 512, 1024, 2048
		{256, 3072, false},
		{512, 1024, true},
		{512, 4096, true},
		{512, 512, false},
		{1024, 2048, true},
		{1024, 8192, true},
		{1024, 9216, false},
		{2048, 16384, true},
		{2048, 3072, false},
		{4096, 30720, true},
		{4096, 31744, false},
		{8192, 16384, true},
		{8192, 20480, true},
		{8192, 17408, false}, // 8 vCPU steps by 4096
		{8192, 61440, true},
		{16384, 32768, true},
		{16384, 40960, true},
		{16384, 36864, false}, // 16 vCPU steps by 8192
		{16384, 122880, true},
		{300, 512, false},
		{0, 0, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.valid, IsValid(c.cpu, c.memory), "cpu %d memory %d", c.cpu, c.memory)
	}
}

func TestValidMemoriesCounts(t *testing.T) {
	assert.Equal(t, []int{512, 1024, 2048}, ValidMemories(256))
	assert.Len(t, ValidMemories(512), 4)
	assert.Len(t, ValidMemories(1024), 7)
	assert.Len(t, ValidMemories(2048), 13)
	assert.Len(t, ValidMemories(4096), 23)
	assert.Len(t, ValidMemories(8192), 12)
	assert.Len(t, ValidMemories(16384), 12)
	assert.Nil(t, ValidMemories(100))
}

func TestDescribe(t *testing.T) {
	assert.Equal(t, "512, 1024 or 2048", Describe(256))
	assert.Equal(t, "256, 512, 1024, 2048, 4096, 8192 or 16384", Describe(3))
}
