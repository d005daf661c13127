// Command govmomi-retrieve is the reference point for importer/bench: VMware's own Go SDK retrieving
// the inventory of a vCenter through one ContainerView, timed. It prints one JSON line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
)

func main() {
	sdk := flag.String("url", "", "https://user:pass@host:port/sdk")
	props := flag.String("props", "name,config,runtime.powerState", "comma-separated VM properties")
	flag.Parse()
	u, err := url.Parse(*sdk)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := context.Background()
	client, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer client.Logout(ctx)
	var paths []string
	for _, p := range splitComma(*props) {
		paths = append(paths, p)
	}
	start := time.Now()
	m := view.NewManager(client.Client)
	v, err := m.CreateContainerView(ctx, client.ServiceContent.RootFolder, []string{"VirtualMachine"}, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var vms []mo.VirtualMachine
	if err := v.Retrieve(ctx, []string{"VirtualMachine"}, paths, &vms); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	elapsed := time.Since(start)
	_ = v.Destroy(ctx)
	line, _ := json.Marshal(map[string]interface{}{"vms": len(vms), "ms": elapsed.Milliseconds()})
	fmt.Println(string(line))
}

func splitComma(s string) []string {
	var out []string
	cur := ""
	for _, c := range s {
		if c == ',' {
			out = append(out, cur)
			cur = ""
		} else {
			cur += string(c)
		}
	}
	return append(out, cur)
}
