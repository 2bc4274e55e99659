package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// ec2RuleCases are the fixtures of the rules in ec2.go; resourceRuleCases includes them.
func ec2RuleCases() []ruleCase {
	return []ruleCase{
		// instance-no-public-ip
		{name: "instance without associatePublicIpAddress defers to the private subnet", rule: "instance-no-public-ip", typ: awstypes.Ec2Instance, props: obj{"ami": "ami-1"}},
		{name: "instance with associatePublicIpAddress true", rule: "instance-no-public-ip", typ: awstypes.Ec2Instance, props: obj{"associatePublicIpAddress": true}, want: 1, wantText: "associatePublicIpAddress"},
		{name: "instance with unknown associatePublicIpAddress", rule: "instance-no-public-ip", typ: awstypes.Ec2Instance, props: obj{"associatePublicIpAddress": unknownValue}},

		// launch-template-no-public-ip
		{name: "launch template interface with string false", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": "false"}}}},
		{name: "launch template without interfaces", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"imageId": "ami-1"}},
		{name: "launch template interface with string true", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": "true"}}}, want: 1, wantText: "interface #1"},
		{name: "launch template reports every public interface", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": "true"}, obj{"associatePublicIpAddress": "false"}, obj{"associatePublicIpAddress": "true"}}}, want: 2},
		{name: "launch template interface with secret string true", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": secret("true")}}}, want: 1},
		{name: "launch template with unknown interfaces", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": unknownValue}},
		{name: "launch template interface with unknown flag", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{unknownValue, obj{"associatePublicIpAddress": unknownValue}}}},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "aws-native instance with a public interface", rule: "instance-no-public-ip", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": true, "deviceIndex": "0"}}}, want: 1, wantText: "interface #1"},
		{name: "aws-native instance with a private interface", rule: "instance-no-public-ip", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": false}}}},
		{name: "aws-native instance with unknown interfaces", rule: "instance-no-public-ip", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": unknownValue}},
		{name: "aws-native launch template with a public interface", rule: "launch-template-no-public-ip", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": true}}}}, want: 1},
		{name: "aws-native launch template without interfaces", rule: "launch-template-no-public-ip", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"imageId": "ami-1"}}},
		{name: "aws-native launch template with unknown data", rule: "launch-template-no-public-ip", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": unknownValue}},

		// instance-imdsv2 (EC2.8, EC2.170)
		{name: "instance requiring IMDSv2", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"metadataOptions": obj{"httpTokens": "required"}}},
		{name: "instance without metadataOptions is left to the AMI and account defaults", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"ami": "ami-1"}},
		{name: "instance with optional tokens allows IMDSv1", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"metadataOptions": obj{"httpTokens": "optional"}}, want: 1, wantText: "httpTokens: required"},
		{name: "launch template with optional tokens", rule: "instance-imdsv2", typ: awstypes.Ec2LaunchTemplate, props: obj{"metadataOptions": obj{"httpTokens": secret("optional")}}, want: 1, wantText: "launch template"},
		{name: "aws-native launch template requiring IMDSv2", rule: "instance-imdsv2", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"metadataOptions": obj{"httpTokens": "required"}}}},
		{name: "aws-native launch template with optional tokens", rule: "instance-imdsv2", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"metadataOptions": obj{"httpTokens": "optional"}}}, want: 1},
		{name: "instance with unknown httpTokens", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"metadataOptions": obj{"httpTokens": unknownValue}}},

		// ebs-encrypted (EC2.3)
		{name: "encrypted volume", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"encrypted": true, "size": 20}},
		{name: "volume without encrypted follows the account default", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"size": 20}},
		{name: "volume with encryption off", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"size": 20, "encrypted": false}, want: 1, wantText: "encrypted: true"},
		{name: "instance with unencrypted root and data volumes", rule: "ebs-encrypted", typ: awstypes.Ec2Instance, props: obj{"rootBlockDevice": obj{"encrypted": false}, "ebsBlockDevices": arr{obj{"encrypted": true}, obj{"encrypted": false}}}, want: 2},
		{name: "instance without block device settings follows the account default", rule: "ebs-encrypted", typ: awstypes.Ec2Instance, props: obj{"ami": "ami-1"}},
		{name: "instance with an encrypted root volume", rule: "ebs-encrypted", typ: awstypes.Ec2Instance, props: obj{"rootBlockDevice": obj{"encrypted": secret(true)}}},
		{name: "volume with unknown encryption", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"encrypted": unknownValue}},

		// instance-single-eni (EC2.17)
		{name: "instance with one interface", rule: "instance-single-eni", typ: awstypes.Ec2Instance, props: obj{"networkInterfaces": arr{obj{"deviceIndex": 0}}}},
		{name: "instance with two interfaces", rule: "instance-single-eni", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": arr{obj{"deviceIndex": "0"}, obj{"deviceIndex": "1"}}}, want: 1, wantText: "2 network interfaces"},
		{name: "instance with unknown interfaces", rule: "instance-single-eni", typ: awstypes.Ec2Instance, props: obj{"networkInterfaces": unknownValue}},
	}
}
