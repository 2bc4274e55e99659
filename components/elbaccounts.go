package components

import "github.com/private-fargate/private-fargate/internal/awsregion"

// elbLogDeliveryAccounts are the Elastic Load Balancing accounts that write access logs in the Regions available
// before August 2022. Source: "Enable access logs for your Application Load Balancer", section "Step 2: Attach a
// policy to your S3 bucket" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html),
// which also says that every Region available since August 2022 uses the
// logdelivery.elasticloadbalancing.amazonaws.com service principal instead.
var elbLogDeliveryAccounts = map[string]string{
	"us-east-1":      "127311923021",
	"us-east-2":      "033677994240",
	"us-west-1":      "027434742980",
	"us-west-2":      "797873946194",
	"af-south-1":     "098369216593",
	"ap-east-1":      "754344448648",
	"ap-southeast-3": "589379963580",
	"ap-south-1":     "718504428378",
	"ap-northeast-3": "383597477331",
	"ap-northeast-2": "600734575887",
	"ap-southeast-1": "114774131450",
	"ap-southeast-2": "783225319266",
	"ap-northeast-1": "582318560864",
	"ca-central-1":   "985666609251",
	"eu-central-1":   "054676820928",
	"eu-west-1":      "156460612806",
	"eu-west-2":      "652711504416",
	"eu-south-1":     "635631232127",
	"eu-west-3":      "009996457667",
	"eu-north-1":     "897822967062",
	"me-south-1":     "076674570225",
	"sa-east-1":      "507241528517",
	"us-gov-west-1":  "048591011584",
	"us-gov-east-1":  "190560391635",
	"cn-north-1":     "638102146993",
	"cn-northwest-1": "037604701340",
}

// elbLogDeliveryServicePrincipal writes access logs in the Regions available since August 2022.
const elbLogDeliveryServicePrincipal = "logdelivery.elasticloadbalancing.amazonaws.com"

// accessLogsPrincipal is the bucket policy principal that lets Elastic Load Balancing deliver access logs in region:
// the regional ELB account (as its root ARN in the Region's partition) where AWS lists one, else the log delivery
// service principal.
func accessLogsPrincipal(region string) map[string]any {
	if account, ok := elbLogDeliveryAccounts[region]; ok {
		return map[string]any{"AWS": "arn:" + awsregion.Partition(region) + ":iam::" + account + ":root"}
	}
	return map[string]any{"Service": elbLogDeliveryServicePrincipal}
}
