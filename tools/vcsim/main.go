// Command vcsim runs VMware's vCenter simulator (govmomi's simulator package) for Convoy's tests and demo.
//
// It prints one JSON line with the SDK URL once the server listens, then serves until SIGTERM/SIGINT.
// Built with Debian's Go and golang-github-vmware-govmomi-dev in GOPATH mode (see scripts/setup).
//
// For fault tests it can play a vCenter that goes down and comes back with its inventory (a restarted
// simulator would start from a fresh one): SIGUSR1 closes the listener and every open connection
// (clients then get "connection refused"), SIGUSR2 listens again on the same address. With
// -folder-session, the datastore endpoint /folder answers 401 without a logged-in session cookie,
// like vCenter (govmomi's simulator serves it to anyone), so tests can see an expired session.
package main

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
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
	folderSession := flag.Bool("folder-session", false,
		"require a logged-in session cookie on /folder (401 otherwise), like vCenter")
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
	// Serve on our own listener so that it can be closed and opened again (SIGUSR1/SIGUSR2) and
	// the handler can be wrapped; the simulator's listener is closed before anyone knows the port.
	address := server.Listener.Addr().String()
	mux := server.Config.Handler
	server.Listener.Close()
	var handler http.Handler = mux
	if *folderSession {
		handler = requireSessionOnFolder(mux)
	}
	var tlsConfig *tls.Config
	if !*plainHTTP {
		tlsConfig = server.TLS
	}
	front := newRestartable(address, handler, tlsConfig)
	if err := front.up(); err != nil {
		fmt.Fprintln(os.Stderr, "vcsim: listening on", address, "failed:", err)
		os.Exit(1)
	}

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

	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1, syscall.SIGUSR2)
	for sig := range signals {
		switch sig {
		case syscall.SIGUSR1:
			front.down()
			log.Printf("vcsim: down (listener and connections closed)")
		case syscall.SIGUSR2:
			if err := front.up(); err != nil {
				log.Printf("vcsim: listening on %s again failed: %v", address, err)
			} else {
				log.Printf("vcsim: up again on %s", address)
			}
		default:
			front.down()
			return
		}
	}
}

// restartable serves one handler on one address and can stop and start listening there.
type restartable struct {
	address string
	server  *http.Server
	tls     *tls.Config

	mu       sync.Mutex
	listener net.Listener
	conns    map[net.Conn]struct{}
}

func newRestartable(address string, handler http.Handler, tlsConfig *tls.Config) *restartable {
	r := &restartable{address: address, tls: tlsConfig, conns: map[net.Conn]struct{}{}}
	r.server = &http.Server{Handler: handler, ConnState: r.track}
	return r
}

func (r *restartable) track(c net.Conn, state http.ConnState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch state {
	case http.StateNew:
		if r.listener == nil { // accepted just before down(): a down server answers nothing
			c.Close()
			return
		}
		r.conns[c] = struct{}{}
	case http.StateClosed, http.StateHijacked:
		delete(r.conns, c)
	}
}

// up listens on the address (a no-op when listening already).
func (r *restartable) up() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.listener != nil {
		return nil
	}
	l, err := net.Listen("tcp", r.address)
	if err != nil {
		return err
	}
	if r.tls != nil {
		l = tls.NewListener(l, r.tls)
	}
	r.listener = l
	go r.server.Serve(l) // returns when down() closes l
	return nil
}

// down closes the listener and every connection, like a vCenter that went away.
func (r *restartable) down() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.listener != nil {
		r.listener.Close()
		r.listener = nil
	}
	for c := range r.conns {
		c.Close()
		delete(r.conns, c)
	}
}

// requireSessionOnFolder answers 401 on /folder unless the request's vmware_soap_session cookie
// belongs to a logged-in session, asked of the simulator itself (CurrentTime needs a session).
func requireSessionOnFolder(next http.Handler) http.Handler {
	const probe = `<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
		`<soapenv:Body><CurrentTime xmlns="urn:vim25">` +
		`<_this type="ServiceInstance">ServiceInstance</_this></CurrentTime>` +
		`</soapenv:Body></soapenv:Envelope>`
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/folder/") {
			cookie, err := req.Cookie("vmware_soap_session")
			authorized := false
			if err == nil {
				check := httptest.NewRequest(http.MethodPost, "/sdk", bytes.NewBufferString(probe))
				check.Header.Set("Content-Type", "text/xml; charset=utf-8")
				check.AddCookie(cookie)
				answer := httptest.NewRecorder()
				next.ServeHTTP(answer, check)
				authorized = answer.Code == http.StatusOK
			}
			if !authorized {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		}
		next.ServeHTTP(w, req)
	})
}
