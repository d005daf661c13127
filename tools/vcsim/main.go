// Command vcsim runs VMware's vCenter simulator (govmomi's simulator package) for Convoy's tests and demo.
//
// It prints one JSON line with the SDK URL once the server listens, then serves until SIGTERM/SIGINT.
// Built with Debian's Go and golang-github-vmware-govmomi-dev in GOPATH mode (see scripts/setup).
package main

import (
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	listen := flag.String("l", "127.0.0.1:0", "listen address (host:port, port 0 picks a free one)")
	datacenters := flag.Int("dc", 1, "datacenters")
	clusters := flag.Int("cluster", 1, "clusters per datacenter")
	clusterHosts := flag.Int("host", 3, "hosts per cluster")
	standaloneHosts := flag.Int("standalone-host", 1, "standalone hosts per datacenter")
	machines := flag.Int("vm", 2, "virtual machines per resource pool (per cluster and per standalone host)")
	datastores := flag.Int("ds", 1, "datastores")
	portgroups := flag.Int("pg", 1, "distributed port groups")
	folders := flag.Int("folder", 0, "VM folders per datacenter")
	username := flag.String("username", "user", "login user name")
	password := flag.String("password", "pass", "login password")
	plainHTTP := flag.Bool("http", false, "serve plain HTTP instead of HTTPS")
	urlFile := flag.String("url-file", "", "also write the JSON line to this file")
	flag.Parse()

	model := simulator.VPX()
	model.Datacenter = *datacenters
	model.Cluster = *clusters
	model.ClusterHost = *clusterHosts
	model.Host = *standaloneHosts
	model.Machine = *machines
	model.Datastore = *datastores
	model.Portgroup = *portgroups
	model.Folder = *folders
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, "vcsim: creating the inventory failed:", err)
		os.Exit(1)
	}
	defer model.Remove()

	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*username, *password)}
	if !*plainHTTP {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()

	info := map[string]interface{}{"url": server.URL.String(), "pid": os.Getpid()}
	if !*plainHTTP {
		cert := server.CertificateInfo()
		info["thumbprintSHA1"] = cert.ThumbprintSHA1
		info["thumbprintSHA256"] = cert.ThumbprintSHA256
	}
	line, _ := json.Marshal(info)
	fmt.Println(string(line))
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, append(line, '\n'), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, "vcsim: writing", *urlFile, "failed:", err)
			os.Exit(1)
		}
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	<-signals
}
