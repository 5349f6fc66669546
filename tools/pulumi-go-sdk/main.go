// Command gen-go-sdk writes the Go SDK of a Pulumi package from its schema, with the Go code generator of the Pulumi
// CLI this module builds (github.com/pulumi/pulumi/pkg/v3/codegen/go, the same version): what
// `pulumi package gen-sdk --language go` does, without the Go language host that command needs. The engine tier
// (test/engine/go-sdk.test.ts) runs it on the schema of the tenant-kubernetes component, into a Go module of its own.
//
//	gen-go-sdk -schema schema.json -import-base-path example.invalid/m/sdk/tenantkubernetes -out DIR
//
// The package is written to DIR/<last element of the import base path>. The schema must be self-contained: a
// reference to another package's schema fails to bind (there is no plugin loader here).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noLoader refuses every external package: the schema must not reference one.
type noLoader struct{}

func (noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q: gen-go-sdk loads no other package", pkg)
}

func (l noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen-go-sdk:", err)
		os.Exit(1)
	}
}

func run() error {
	schemaFile := flag.String("schema", "", "the package schema (JSON)")
	importBasePath := flag.String("import-base-path", "", "the Go import path of the generated package")
	out := flag.String("out", "", "the directory to write the package into (as <out>/<base of the import path>)")
	flag.Parse()
	if *schemaFile == "" || *importBasePath == "" || *out == "" || flag.NArg() > 0 {
		flag.Usage()
		return errors.New("-schema, -import-base-path and -out are required")
	}
	raw, err := os.ReadFile(*schemaFile)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", *schemaFile, err)
	}
	// The schema's own Go options (the inferred schema sets respectSchemaVersion), with the import path we need.
	goInfo := map[string]any{}
	if existing, ok := spec.Language["go"]; ok && len(existing) > 0 {
		if err := json.Unmarshal(existing, &goInfo); err != nil {
			return fmt.Errorf("language.go of %s: %w", *schemaFile, err)
		}
	}
	goInfo["importBasePath"] = *importBasePath
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	if spec.Language["go"], err = json.Marshal(goInfo); err != nil {
		return err
	}

	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("binding %s: %w", *schemaFile, err)
	}
	if diags.HasErrors() {
		return fmt.Errorf("binding %s: %s", *schemaFile, diags.Error())
	}
	files, err := gogen.GeneratePackage("tenant-kubernetes gen-go-sdk", pkg, nil)
	if err != nil {
		return fmt.Errorf("generating the Go SDK: %w", err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
		fmt.Println(name)
	}
	return nil
}
