// Command archdiagram draws a stack's architecture from components.Program (run under recording mocks, see
// internal/archdiagram) and writes docs/architecture-<stack>.md (Mermaid) and .dot; with -svg it also renders
// .svg with Graphviz's dot, stamped with the hash of the DOT source so that a test can tell a stale SVG.
//
// Usage:
//
//	archdiagram [-repo dir] [-stack dev] [-all] [-svg]     write the files
//	archdiagram [-stack dev] -print mermaid|markdown|dot   print one rendering (the PR comment uses mermaid)
//
// `make diagram STACK=dev` runs it with -svg after installing Graphviz where it is missing.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/private-fargate/private-fargate/internal/archdiagram"
	"github.com/private-fargate/private-fargate/internal/programrun"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("archdiagram", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stackFlags := programrun.NewStackFlags(flags, programrun.StackFlagUsage)
	all := flags.Bool("all", false, "every stack that has a Pulumi.<stack>.yaml")
	svg := flags.Bool("svg", false, "also render docs/architecture-<stack>.svg with Graphviz (dot)")
	printKind := flags.String("print", "", "print one rendering instead of writing files: mermaid, markdown or dot")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	root, err := stackFlags.RepoRoot()
	if err != nil {
		fmt.Fprintf(stderr, "archdiagram: %v\n", err)
		return 1
	}
	stacks := []string{stackFlags.Stack()}
	if *all {
		if stacks, err = programrun.Stacks(root); err != nil {
			fmt.Fprintf(stderr, "archdiagram: %v\n", err)
			return 1
		}
	}
	for _, name := range stacks {
		files, err := archdiagram.Generate(root, name)
		if err != nil {
			fmt.Fprintf(stderr, "archdiagram: %v\n", err)
			return 1
		}
		if *printKind != "" {
			if err := printRendering(stdout, files, *printKind); err != nil {
				fmt.Fprintf(stderr, "archdiagram: %v\n", err)
				return 2
			}
			continue
		}
		if err := write(root, files, *svg, stdout); err != nil {
			fmt.Fprintf(stderr, "archdiagram: stack %s: %v\n", name, err)
			return 1
		}
	}
	return 0
}

func printRendering(w io.Writer, files *archdiagram.Files, kind string) error {
	switch kind {
	case "mermaid":
		_, err := io.WriteString(w, files.Mermaid)
		return err
	case "markdown":
		_, err := io.WriteString(w, files.Markdown)
		return err
	case "dot":
		_, err := io.WriteString(w, files.DOT)
		return err
	}
	return fmt.Errorf("-print %q: want mermaid, markdown or dot", kind)
}

func write(root string, files *archdiagram.Files, svg bool, stdout io.Writer) error {
	if err := os.MkdirAll(filepath.Join(root, archdiagram.DocsDir), 0o755); err != nil {
		return err
	}
	outputs := map[string]string{
		archdiagram.MarkdownPath(files.Stack): files.Markdown,
		archdiagram.DOTPath(files.Stack):      files.DOT,
	}
	if svg {
		rendered, err := renderSVG(files.DOT)
		if err != nil {
			return err
		}
		outputs[archdiagram.SVGPath(files.Stack)] = rendered
	}
	for _, path := range []string{archdiagram.MarkdownPath(files.Stack), archdiagram.DOTPath(files.Stack), archdiagram.SVGPath(files.Stack)} {
		content, ok := outputs[path]
		if !ok {
			continue
		}
		if err := os.WriteFile(filepath.Join(root, path), []byte(content), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "diagram: wrote %s\n", path)
	}
	return nil
}

// renderSVG runs `dot -Tsvg` and puts archdiagram.SourceStamp after the XML declaration.
func renderSVG(dot string) (string, error) {
	if _, err := exec.LookPath("dot"); err != nil {
		return "", errors.New("graphviz's dot is not on PATH: run scripts/ensure-graphviz.sh (or apt-get install -y graphviz)")
	}
	cmd := exec.Command("dot", "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("dot -Tsvg: %v: %s", err, strings.TrimSpace(errOut.String()))
	}
	svg := out.String()
	stamp := archdiagram.SourceStamp(dot) + "\n"
	if head, rest, ok := strings.Cut(svg, "?>\n"); ok && strings.HasPrefix(head, "<?xml") {
		return head + "?>\n" + stamp + rest, nil
	}
	return stamp + svg, nil
}
