// The Pulumi Kubernetes provider for the engine tier. The upstream main embeds files that `go generate` writes and
// the module zip lacks, so this main embeds the schema and mapping that scripts/pulumi-testbin.sh copies in from
// the module cache at build time (never committed).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema.json
var pulumiSchema []byte

//go:embed terraform-mapping.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
