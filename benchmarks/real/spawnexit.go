// N goroutines started one after another with empty bodies (each runs and exits); main waits
// for all of them. Prints ns per goroutine. Run with GOMAXPROCS=2.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
	fmt.Printf("%.1f\n", float64(time.Since(start).Nanoseconds())/float64(n))
}
