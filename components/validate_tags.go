package components

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Tag limits. Source: ECS API reference, Tag (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html),
// the same for every service this stack tags: at most 50 user tags per resource, keys of 1–128 and values of at most
// 256 Unicode characters, letters, numbers, spaces and + - = . _ : / @, and no "aws:" prefix in any letter case
// (reserved for AWS). terraform-provider-aws checks none of this (it silently drops "aws:" keys), so AWS refuses it
// at deploy time.
const (
	maxTagsPerResource = 50
	maxTagKeyLength    = 128
	maxTagValueLength  = 256
	// nameTagKey is set by the program on every resource (nameTags), so it counts against the limit and is not
	// the user's to set.
	nameTagKey = "Name"
)

// tagPattern is the characters AWS allows in tag keys and values.
var tagPattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

func (c *Config) validateTags(p *problems) {
	if n := len(c.Tags) + 1; n > maxTagsPerResource {
		p.add("tags", "has %d tags, and with the Name tag every resource would carry %d; AWS allows %d per resource",
			len(c.Tags), n, maxTagsPerResource)
	}
	for _, key := range sortedKeys(c.Tags) {
		value := c.Tags[key]
		tagKey := "tags." + key
		switch {
		case key == "":
			p.add("tags", "has an empty key")
		case key == nameTagKey:
			p.add(tagKey, "is set by the program on every resource (its logical name); remove it")
		case strings.HasPrefix(strings.ToLower(key), "aws:"):
			p.add(tagKey, "the \"aws:\" prefix is reserved for AWS in tag keys; choose another key")
		case utf8.RuneCountInString(key) > maxTagKeyLength:
			p.add(tagKey, "the key has %d characters; AWS allows %d", utf8.RuneCountInString(key), maxTagKeyLength)
		case !tagPattern.MatchString(key):
			p.add(tagKey, "the key may contain only letters, numbers, spaces and + - = . _ : / @")
		}
		switch {
		case strings.HasPrefix(strings.ToLower(value), "aws:"):
			p.add(tagKey, "%q: the \"aws:\" prefix is reserved for AWS in tag values", value)
		case utf8.RuneCountInString(value) > maxTagValueLength:
			p.add(tagKey, "the value has %d characters; AWS allows %d", utf8.RuneCountInString(value), maxTagValueLength)
		case !tagPattern.MatchString(value):
			p.add(tagKey, "%q: a value may contain only letters, numbers, spaces and + - = . _ : / @", value)
		}
	}
}
