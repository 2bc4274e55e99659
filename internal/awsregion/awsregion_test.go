package awsregion

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPartitionAndDNSSuffix(t *testing.T) {
	cases := []struct{ region, partition, suffix string }{
		{"eu-west-1", "aws", "amazonaws.com"},
		{"us-east-1", "aws", "amazonaws.com"},
		{"cn-north-1", "aws-cn", "amazonaws.com.cn"},
		{"us-gov-west-1", "aws-us-gov", "amazonaws.com"},
		{"us-iso-east-1", "aws-iso", "c2s.ic.gov"},
		{"us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov"},
		{"eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk"},
	}
	for _, c := range cases {
		t.Run(c.region, func(t *testing.T) {
			assert.Equal(t, c.partition, Partition(c.region))
			assert.Equal(t, c.suffix, DNSSuffix(c.region))
		})
	}
}
