package rules

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

var instanceNoPublicIPRule = ResourceRule{
	Name:          "instance-no-public-ip",
	Controls:      []string{"EC2.9"},
	ResourceTypes: instanceTypes,
	Description:   "EC2 instances do not request a public IP (`associatePublicIpAddress`; aws-native `networkInterfaces[].associatePublicIpAddress`).",
	Rationale:     "No compute in the platform is reachable from the internet.",
	DefaultLevel:  Mandatory,
	Check:         checkInstancePublicIP,
}

func checkInstancePublicIP(res Resource, _ Config) []string {
	if res.Type == awstypes.NativeEc2Instance {
		return publicInterfaces(res, res.Properties.Get("networkInterfaces"), "EC2 instance", "false")
	}
	// A missing value defers to the subnet's mapPublicIpOnLaunch, which subnet-no-public-ip keeps false.
	if boolTri(res.Properties, "associatePublicIpAddress", false) != yes {
		return nil
	}
	return []string{fmt.Sprintf("EC2 instance %q sets associatePublicIpAddress: true; "+
		"set it to false and reach the instance through a private path (SSM, internal load balancer)", res.Name)}
}

// publicInterfaces reports each network interface in interfacesValue that sets associatePublicIpAddress.
func publicInterfaces(res Resource, interfacesValue property.Value, kind, fix string) []string {
	interfaces, _ := list(interfacesValue)
	var messages []string
	for i, ni := range interfaces {
		nic, _ := object(ni)
		if boolTri(nic, "associatePublicIpAddress", false) == yes {
			messages = append(messages, fmt.Sprintf("%s %q network interface #%d sets associatePublicIpAddress: true; "+
				"set it to %s (or leave it unset with a private subnet)", kind, res.Name, i+1, fix))
		}
	}
	return messages
}

var launchTemplateNoPublicIPRule = ResourceRule{
	Name:          "launch-template-no-public-ip",
	Controls:      []string{"EC2.25"},
	ResourceTypes: launchTemplateTypes,
	Description:   "Launch template network interfaces do not request a public IP (`networkInterfaces[].associatePublicIpAddress`, a string; aws-native `launchTemplateData.networkInterfaces[]`, a boolean).",
	Rationale:     "Instances launched from the template would otherwise get internet-reachable addresses.",
	DefaultLevel:  Mandatory,
	Check:         checkLaunchTemplatePublicIP,
}

func checkLaunchTemplatePublicIP(res Resource, _ Config) []string {
	if res.Type == awstypes.NativeEc2LaunchTemplate {
		data, _ := object(res.Properties.Get("launchTemplateData"))
		return publicInterfaces(res, data.Get("networkInterfaces"), "launch template", "false")
	}
	interfaces, _ := list(res.Properties.Get("networkInterfaces"))
	var messages []string
	for i, ni := range interfaces {
		nic, _ := object(ni)
		if boolTri(nic, "associatePublicIpAddress", false) == yes {
			messages = append(messages, fmt.Sprintf("launch template %q network interface #%d sets associatePublicIpAddress: \"true\"; "+
				"set it to \"false\" (or leave it unset with a private subnet)", res.Name, i+1))
		}
	}
	return messages
}

var instanceIMDSv2Rule = ResourceRule{
	Name:          "instance-imdsv2",
	ResourceTypes: []string{awstypes.Ec2Instance, awstypes.Ec2LaunchTemplate, awstypes.NativeEc2Instance, awstypes.NativeEc2LaunchTemplate},
	Controls:      []string{"EC2.8", "EC2.170"},
	Description:   "EC2 instances and launch templates do not set `metadataOptions.httpTokens: optional` (IMDSv1). Unset passes: RunInstances then takes the AMI's ImdsSupport and the account's IMDS defaults, which resource inputs do not show, so flagging it could cry wolf.",
	Rationale:     "IMDSv1 answers any request from the instance, which is how SSRF bugs turn into stolen role credentials.",
	DefaultLevel:  Mandatory,
	Check:         checkIMDSv2,
}

func checkIMDSv2(res Resource, _ Config) []string {
	options := res.Properties.Get("metadataOptions")
	kind := "EC2 instance"
	if res.Type == awstypes.Ec2LaunchTemplate || res.Type == awstypes.NativeEc2LaunchTemplate {
		kind = "launch template"
	}
	if res.Type == awstypes.NativeEc2LaunchTemplate {
		data, known := object(res.Properties.Get("launchTemplateData"))
		if !known {
			return nil
		}
		options = data.Get("metadataOptions")
	}
	m, known := object(options)
	if !known {
		return nil
	}
	// Unset is decided by the AMI's ImdsSupport (v2.0 means required) and the account's instance metadata defaults
	// (RunInstances InstanceMetadataOptionsRequest.HttpTokens), neither of which is a resource input.
	tokens, known := str(m, "httpTokens", "")
	if !known || tokens != "optional" {
		return nil
	}
	return []string{fmt.Sprintf("%s %q allows IMDSv1 (metadataOptions.httpTokens: optional); set "+
		"metadataOptions.httpTokens: required", kind, res.Name)}
}

var ebsEncryptedRule = ResourceRule{
	Name:          "ebs-encrypted",
	ResourceTypes: []string{awstypes.EbsVolume, awstypes.Ec2Instance},
	Controls:      []string{"EC2.3"},
	Description:   "EBS volumes and instance block devices do not set `encrypted: false` (`encrypted`, `rootBlockDevice.encrypted`, `ebsBlockDevices[].encrypted`). Unset passes: it follows the account's EBS default encryption (EC2.7) and the AMI's snapshots, which inputs do not show.",
	Rationale:     "Unencrypted volumes and their snapshots expose data to anyone who gets a copy.",
	DefaultLevel:  Advisory,
	Check:         checkEBSEncrypted,
}

func checkEBSEncrypted(res Resource, _ Config) []string {
	props := res.Properties
	// Only an explicit false is judged: unset follows the account's EBS encryption default and the AMI's snapshots.
	if res.Type == awstypes.EbsVolume {
		if boolTri(props, "encrypted", true) != no {
			return nil
		}
		return []string{fmt.Sprintf("EBS volume %q sets encrypted: false; set encrypted: true (and kmsKeyId for a customer key)", res.Name)}
	}
	var messages []string
	root, known := object(props.Get("rootBlockDevice"))
	if known && boolTri(root, "encrypted", true) == no {
		messages = append(messages, fmt.Sprintf("EC2 instance %q sets an unencrypted root volume; set rootBlockDevice.encrypted: true", res.Name))
	}
	devices, _ := list(props.Get("ebsBlockDevices"))
	for i, d := range devices {
		device, deviceKnown := object(d)
		if deviceKnown && boolTri(device, "encrypted", true) == no {
			messages = append(messages, fmt.Sprintf("EC2 instance %q EBS block device #%d is not encrypted; set encrypted: true", res.Name, i+1))
		}
	}
	return messages
}

var instanceSingleENIRule = ResourceRule{
	Name:          "instance-single-eni",
	ResourceTypes: []string{awstypes.Ec2Instance, awstypes.NativeEc2Instance},
	Controls:      []string{"EC2.17"},
	Description:   "EC2 instances attach at most one network interface (`networkInterfaces`).",
	Rationale:     "Several interfaces can bridge subnets that the network design keeps apart.",
	DefaultLevel:  Advisory,
	Check:         checkInstanceSingleENI,
}

func checkInstanceSingleENI(res Resource, _ Config) []string {
	interfaces, known := list(res.Properties.Get("networkInterfaces"))
	if !known || len(interfaces) <= 1 {
		return nil
	}
	return []string{fmt.Sprintf("EC2 instance %q attaches %d network interfaces; use one", res.Name, len(interfaces))}
}
