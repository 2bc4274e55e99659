// Package awsregion answers what an AWS Region implies for names and addresses: its ARN partition and the DNS
// suffix of its service endpoints. It is the one home of that knowledge for the program, the policy pack and the
// image-source checks.
package awsregion

import "strings"

// partitions maps a Region name prefix to its partition and DNS suffix, most specific prefix first. Source: the
// partitions of the AWS SDKs' endpoint rules (botocore/data/partitions.json, "regionRegex" and "dnsSuffix").
var partitions = []struct {
	prefix, partition, dnsSuffix string
}{
	{"cn-", "aws-cn", "amazonaws.com.cn"},
	{"us-gov-", "aws-us-gov", "amazonaws.com"},
	{"us-isob-", "aws-iso-b", "sc2s.sgov.gov"},
	{"us-iso-", "aws-iso", "c2s.ic.gov"},
	{"eu-isoe-", "aws-iso-e", "cloud.adc-e.uk"},
}

// Partition is the ARN partition of region: "aws-cn" for China, "aws-us-gov" for GovCloud, the ISO partitions, and
// "aws" everywhere else.
func Partition(region string) string {
	for _, p := range partitions {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return "aws"
}

// DNSSuffix is the DNS suffix of region's service endpoints, for example "amazonaws.com" or "amazonaws.com.cn".
func DNSSuffix(region string) string {
	for _, p := range partitions {
		if strings.HasPrefix(region, p.prefix) {
			return p.dnsSuffix
		}
	}
	return "amazonaws.com"
}
