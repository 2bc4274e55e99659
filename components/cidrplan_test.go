package components

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanSubnetsSplitsPrivateAndPublicHalves(t *testing.T) {
	plans, err := PlanSubnets("10.0.0.0/16", 20, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"})
	require.NoError(t, err)
	assert.Equal(t, []SubnetPlan{
		{AvailabilityZone: "eu-west-1a", Index: 0, PrivateCidr: "10.0.0.0/20", PublicCidr: "10.0.128.0/20"},
		{AvailabilityZone: "eu-west-1b", Index: 1, PrivateCidr: "10.0.16.0/20", PublicCidr: "10.0.144.0/20"},
		{AvailabilityZone: "eu-west-1c", Index: 2, PrivateCidr: "10.0.32.0/20", PublicCidr: "10.0.160.0/20"},
	}, plans)
}

func TestPlanSubnetsIsStableWhenAnAZIsAppended(t *testing.T) {
	azs := []string{"us-east-1a", "us-east-1b"}
	before, err := PlanSubnets("172.16.0.0/20", 24, azs)
	require.NoError(t, err)
	after, err := PlanSubnets("172.16.0.0/20", 24, append(azs, "us-east-1c"))
	require.NoError(t, err)
	require.Len(t, after, 3)
	assert.Equal(t, before, after[:2], "appending an AZ must not change existing subnets")
	assert.NotEqual(t, after[1].PrivateCidr, after[2].PrivateCidr)
}

func TestPlanSubnetsIsDeterministic(t *testing.T) {
	azs := []string{"eu-central-1a", "eu-central-1b", "eu-central-1c"}
	first, err := PlanSubnets("10.1.0.0/18", 22, azs)
	require.NoError(t, err)
	for range 5 {
		again, err := PlanSubnets("10.1.0.0/18", 22, azs)
		require.NoError(t, err)
		assert.Equal(t, first, again)
	}
}

func TestPlanSubnetsRefusesWhatDoesNotFit(t *testing.T) {
	cases := []struct {
		name, cidr string
		prefix     int
		azs        []string
		message    string
	}{
		{"not a CIDR", "10.0.0.0/33", 20, []string{"a"}, `"10.0.0.0/33" is not an IPv4 CIDR`},
		{"subnet not smaller than VPC", "10.0.0.0/16", 16, []string{"a"}, "must be longer than the VPC prefix"},
		{"too many AZs for the halves", "10.0.0.0/24", 26, []string{"a", "b", "c"}, "leave room for 2 AZs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := PlanSubnets(c.cidr, c.prefix, c.azs)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.message)
		})
	}
}

func TestIpv6SubnetCidr(t *testing.T) {
	cases := []struct {
		netnum int
		want   string
	}{
		{0, "2600:1f18:abc:de00::/64"},
		{1, "2600:1f18:abc:de01::/64"},
		{ipv6PublicOffset, "2600:1f18:abc:de80::/64"},
	}
	for _, c := range cases {
		got, err := Ipv6SubnetCidr("2600:1f18:abc:de00::/56", c.netnum)
		require.NoError(t, err)
		assert.Equal(t, c.want, got)
	}
	_, err := Ipv6SubnetCidr("10.0.0.0/16", 0)
	assert.Error(t, err)
}

func TestDefaultSubnetPrefixLength(t *testing.T) {
	assert.Equal(t, 20, defaultSubnetPrefixLength("10.0.0.0/16"))
	assert.Equal(t, 28, defaultSubnetPrefixLength("10.0.0.0/26"))
	assert.Equal(t, 0, defaultSubnetPrefixLength("nonsense"))
}
