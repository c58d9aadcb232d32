// spawnexit.go's loop, sampling how many goroutines are alive while main starts them (every
// 1000th go statement) and after the last one, and the stack memory in use at the end: how many
// Gs a real process holds at once. Run with GOMAXPROCS=2 (or 1).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
)

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	var wg sync.WaitGroup
	maxLive := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
		if i%1000 == 0 {
			if l := runtime.NumGoroutine(); l > maxLive {
				maxLive = l
			}
		}
	}
	live := runtime.NumGoroutine()
	wg.Wait()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("live at end of loop", live, "max sampled", maxLive, "stackinuse", ms.StackInuse)
}
