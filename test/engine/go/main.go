// The engine tier's Go program (test/engine/go-sdk.test.ts): a tenant cluster created through the generated Go SDK
// of the tenant-kubernetes component, with the Automation API's inline program, the real Pulumi engine and a local
// file backend. The test copies this module to a directory of its own and generates the SDK into sdk/ there (the
// package tenant-kubernetes.invalid/engine-go/sdk/tenantkubernetes), so this module builds only in that copy.
//
//	engine-go -work DIR -management-kubeconfig FILE [-case valid|invalid] [-events FILE] [-kubeconfig-out FILE] up|destroy
//
// It prints the engine's progress, then one JSON line (type report) as its last line. It never prints a secret: the
// kubeconfig output goes only to -kubeconfig-out (mode 0600), for the test to compare.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	tk "tenant-kubernetes.invalid/engine-go/sdk/tenantkubernetes"
)

const (
	project = "tenant-kubernetes-go"
	// The namespace the program creates inside the tenant cluster, through a provider built from the kubeconfig output.
	tenantNamespace = "gopher-apps"
)

// clusterArgs are the component's arguments: small but real (the platform release is the default). Numbers are
// float64 in Go, quantities strings, and the Kubernetes minor an enum of the SDK.
func clusterArgs(invalid bool) *tk.TenantKubernetesClusterArgs {
	version := tk.KubernetesMinorVersion_V1_33
	md0 := tk.NodeGroupSpecArgs{
		InstanceType: pulumi.StringRef("u1.medium"),
		MaxReplicas:  pulumi.Float64Ref(3),
		DiskSize:     pulumi.StringRef("30Gi"),
	}
	if invalid {
		// minReplicas above maxReplicas: the component refuses it with its own problem message.
		md0.MinReplicas = pulumi.Float64Ref(5)
		md0.MaxReplicas = pulumi.Float64Ref(2)
	}
	return &tk.TenantKubernetesClusterArgs{
		Name: "gopher",
		Tenant: tk.TenantContextArgs{
			Namespace:        "tenant-gopher",
			Host:             pulumi.StringRef("gopher.example.org"),
			IngressClassName: pulumi.StringRef("tenant-root"),
		},
		Version:                 &version,
		NodeGroups:              map[string]tk.NodeGroupSpecArgs{"md0": md0},
		ReadinessTimeoutSeconds: pulumi.Float64Ref(300),
	}
}

// program is the inline Pulumi program.
func program(invalid bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		management, err := kubernetes.NewProvider(ctx, "management", &kubernetes.ProviderArgs{
			Kubeconfig: config.RequireSecret(ctx, "managementKubeconfig"),
		})
		if err != nil {
			return err
		}
		cluster, err := tk.NewTenantKubernetesCluster(ctx, "gopher", clusterArgs(invalid), pulumi.Providers(management))
		if err != nil {
			return err
		}
		tenant, err := kubernetes.NewProvider(ctx, "gopher-tenant", &kubernetes.ProviderArgs{
			Kubeconfig:        cluster.Kubeconfig,
			ClusterIdentifier: cluster.ClusterIdentifier,
		})
		if err != nil {
			return err
		}
		if _, err := corev1.NewNamespace(ctx, tenantNamespace, &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(tenantNamespace)},
		}, pulumi.Provider(tenant)); err != nil {
			return err
		}
		ctx.Export("kubeconfig", cluster.Kubeconfig)
		ctx.Export("apiEndpoint", cluster.ApiEndpoint)
		ctx.Export("internalApiEndpoint", cluster.InternalApiEndpoint)
		ctx.Export("adminKubeconfigSecretName", cluster.AdminKubeconfigSecretName)
		ctx.Export("capiKubeconfigSecretName", cluster.CapiKubeconfigSecretName)
		ctx.Export("clusterIdentifier", cluster.ClusterIdentifier)
		// What the Go program itself sees of the outputs' secretness (IsSecret waits for the output to resolve).
		ctx.Export("kubeconfigIsSecretInGo", pulumi.Bool(pulumi.IsSecret(cluster.Kubeconfig)))
		ctx.Export("adminConfIsSecretInGo", pulumi.Bool(pulumi.IsSecret(cluster.Kubeconfigs.AdminConf())))
		return nil
	}
}

// diagnostic is an engine diagnostic, as the report carries it.
type diagnostic struct {
	Severity string `json:"severity"`
	Message  string `json:"message"`
	URN      string `json:"urn,omitempty"`
}

// report is the program's last line of output.
type report struct {
	Type      string `json:"type"`
	Operation string `json:"operation"`
	Case      string `json:"case"`
	// "succeeded" or "failed".
	Outcome string `json:"outcome"`
	// The Automation API's error of a failed operation.
	Error string `json:"error,omitempty"`
	// The summary result of the update ("succeeded", "failed").
	Summary string `json:"summary,omitempty"`
	// The stack outputs after `up`: secret ones only by name, never by value.
	Outputs       map[string]any `json:"outputs,omitempty"`
	SecretOutputs []string       `json:"secretOutputs,omitempty"`
	Diagnostics   []diagnostic   `json:"diagnostics"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "engine-go:", err)
		os.Exit(1)
	}
}

func run() error {
	work := flag.String("work", "", "the work directory: the backend in <work>/state, PULUMI_HOME <work>/home, the workspace <work>/project")
	kubeconfigFile := flag.String("management-kubeconfig", "", "the management cluster's kubeconfig")
	which := flag.String("case", "valid", "valid: a real cluster; invalid: arguments the component refuses")
	eventsFile := flag.String("events", "", "write the engine events here, one JSON object a line")
	kubeconfigOut := flag.String("kubeconfig-out", "", "after up, write the kubeconfig output here (mode 0600)")
	stackName := flag.String("stack", "gopher", "the stack")
	flag.Parse()
	if *work == "" || *kubeconfigFile == "" || flag.NArg() != 1 || (*which != "valid" && *which != "invalid") {
		flag.Usage()
		return errors.New("-work and -management-kubeconfig and one of up, destroy are required")
	}
	operation := flag.Arg(0)
	managementKubeconfig, err := os.ReadFile(*kubeconfigFile)
	if err != nil {
		return err
	}
	// Interrupted, terminated, or orphaned (the test process is gone): the Automation API interrupts the CLI.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func(parent int) {
		for range time.Tick(time.Second) {
			if os.Getppid() != parent {
				stop()
				return
			}
		}
	}(os.Getppid())
	state, projectDir := filepath.Join(*work, "state"), filepath.Join(*work, "project")
	for _, dir := range []string{state, projectDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	stack, err := auto.UpsertStackInlineSource(ctx, *stackName, project, program(*which == "invalid"),
		// The workspace (Pulumi.yaml and the stack settings) in the work directory, not in a new temporary one.
		auto.WorkDir(projectDir),
		auto.PulumiHome(filepath.Join(*work, "home")),
		auto.Project(workspace.Project{
			Name:    project,
			Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: "file://" + state},
		}),
		auto.EnvVars(map[string]string{
			"PULUMI_CONFIG_PASSPHRASE":                    "engine-tier",
			"PULUMI_SKIP_UPDATE_CHECK":                    "true",
			"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
			"PULUMI_DISABLE_REGISTRY_RESOLVE":             "true",
		}),
	)
	if err != nil {
		return err
	}
	if err := stack.SetConfig(ctx, "managementKubeconfig", auto.ConfigValue{Value: string(managementKubeconfig), Secret: true}); err != nil {
		return err
	}

	r := report{Type: "report", Operation: operation, Case: *which, Diagnostics: []diagnostic{}}
	eventsCh := make(chan events.EngineEvent)
	eventsDone := make(chan struct{})
	var mu sync.Mutex
	var eventLog *os.File
	if *eventsFile != "" {
		if eventLog, err = os.Create(*eventsFile); err != nil {
			return err
		}
		defer eventLog.Close()
	}
	go func() {
		defer close(eventsDone)
		for e := range eventsCh {
			if eventLog != nil {
				if line, err := json.Marshal(e.EngineEvent); err == nil {
					_, _ = eventLog.Write(append(line, '\n'))
				}
			}
			if d := e.DiagnosticEvent; d != nil && (d.Severity == "error" || d.Severity == "warning") {
				mu.Lock()
				r.Diagnostics = append(r.Diagnostics, diagnostic{Severity: d.Severity, Message: d.Message, URN: d.URN})
				mu.Unlock()
			}
		}
	}()
	// The Automation API closes the channel when the engine's event stream ends; an operation that failed before
	// the engine started never opens it.
	waitEvents := func() {
		select {
		case <-eventsDone:
		case <-time.After(30 * time.Second):
		}
	}

	switch operation {
	case "up":
		res, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout), optup.ErrorProgressStreams(os.Stderr), optup.EventStreams(eventsCh))
		waitEvents()
		r.Summary = res.Summary.Result
		if err != nil {
			r.Outcome, r.Error = "failed", err.Error()
			break
		}
		r.Outcome = "succeeded"
		r.Outputs = map[string]any{}
		for name, o := range res.Outputs {
			if o.Secret {
				r.SecretOutputs = append(r.SecretOutputs, name)
				continue
			}
			r.Outputs[name] = o.Value
		}
		sort.Strings(r.SecretOutputs)
		if *kubeconfigOut != "" {
			kubeconfig, ok := res.Outputs["kubeconfig"].Value.(string)
			if !ok {
				return errors.New("the kubeconfig output is not a string")
			}
			if err := os.WriteFile(*kubeconfigOut, []byte(kubeconfig), 0o600); err != nil {
				return err
			}
		}
	case "destroy":
		res, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout), optdestroy.ErrorProgressStreams(os.Stderr), optdestroy.EventStreams(eventsCh))
		waitEvents()
		r.Summary = res.Summary.Result
		if err != nil {
			r.Outcome, r.Error = "failed", err.Error()
			break
		}
		r.Outcome = "succeeded"
	default:
		close(eventsCh)
		return fmt.Errorf("unknown operation %q (up or destroy)", operation)
	}
	mu.Lock()
	line, err := json.Marshal(r)
	mu.Unlock()
	if err != nil {
		return err
	}
	fmt.Printf("\n%s\n", line)
	return nil
}
