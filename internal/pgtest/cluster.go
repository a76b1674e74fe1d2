package pgtest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
)

// The throwaway cluster, started once per test binary.
var (
	clusterOnce sync.Once
	cluster     struct {
		dir, url string
		bin      string
		asUser   string // the OS user that runs it when the tests run as root
		err      error
	}
)

// settings are appended to the cluster's postgresql.conf: a unix socket in its directory and no
// TCP, and speed over durability (the data is thrown away).
const settings = `
listen_addresses = ''
port = 5432
unix_socket_directories = '%s'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
`

func clusterURL() (string, error) {
	clusterOnce.Do(startCluster)
	return cluster.url, cluster.err
}

func startCluster() {
	bin, err := binDir()
	if err != nil {
		cluster.err = err
		return
	}
	cluster.bin = bin
	dir, err := os.MkdirTemp("", "clientkit-pg-")
	if err != nil {
		cluster.err = err
		return
	}
	cluster.dir = dir
	if os.Geteuid() == 0 { // PostgreSQL refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			cluster.err = &missingError{"running as root needs the OS user postgres to start a cluster (Debian's postgresql package creates it)"}
			return
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			cluster.err = err
			return
		}
		cluster.asUser = "postgres"
	}
	data := filepath.Join(dir, "data")
	if out, err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		cluster.err = describe("initdb", err, out)
		return
	}
	if err := appendFile(filepath.Join(data, "postgresql.conf"), fmt.Sprintf(settings, dir)); err != nil {
		cluster.err = err
		return
	}
	if out, err := run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		cluster.err = describe("pg_ctl start", err, append(out, log...))
		return
	}
	cluster.url = "postgres://postgres@/postgres?host=" + url.QueryEscape(dir) + "&port=5432&sslmode=disable"
}

// debianBinDirs is where Debian's postgresql packages put their programs.
var debianBinDirs = "/usr/lib/postgresql/*/bin"

// binDir finds initdb and pg_ctl: Debian's newest /usr/lib/postgresql/*/bin, else PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob(debianBinDirs)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
	}
	return "", &missingError{fmt.Sprintf("no %s, and no initdb/pg_ctl in %s or PATH", EnvURL, debianBinDirs)}
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// run runs a PostgreSQL command of the cluster's bin directory, as the cluster's user.
func run(name string, args ...string) ([]byte, error) {
	path := filepath.Join(cluster.bin, name)
	cmd := exec.Command(path, args...)
	if cluster.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", cluster.asUser, "--", path}, args...)...)
	}
	cmd.Dir = cluster.dir
	return cmd.CombinedOutput()
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// stopCluster stops the throwaway cluster and removes its directory.
func stopCluster() {
	if cluster.dir == "" {
		return
	}
	if cluster.url != "" {
		_, _ = run("pg_ctl", "-D", filepath.Join(cluster.dir, "data"), "-m", "immediate", "-w", "stop")
	}
	_ = os.RemoveAll(cluster.dir)
}
