package programrun

import "flag"

// StackFlagUsage is the help text of the -stack flag.
const StackFlagUsage = "stack name; its config is Pulumi.<stack>.yaml"

// StackFlags are the -repo and -stack flags of the commands that read one of this repository's stacks.
type StackFlags struct {
	repo  *string
	stack *string
}

// NewStackFlags defines -repo (default: found from the working directory) and -stack (default "dev") on flags, with
// stackUsage as the help text of -stack.
func NewStackFlags(flags *flag.FlagSet, stackUsage string) StackFlags {
	return StackFlags{
		repo: flags.String("repo", "",
			"repository root (default: the nearest directory above the working directory holding Pulumi.yaml)"),
		stack: flags.String("stack", "dev", stackUsage),
	}
}

// Stack is the -stack value.
func (f StackFlags) Stack() string {
	return *f.stack
}

// RepoRoot is the -repo value, or FindRepoRoot's answer when -repo is empty.
func (f StackFlags) RepoRoot() (string, error) {
	if *f.repo != "" {
		return *f.repo, nil
	}
	return FindRepoRoot()
}
