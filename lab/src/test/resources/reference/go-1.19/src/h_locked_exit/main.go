// Scenario (h): main is locked to the main thread by init; a goroutine locks its thread twice,
// unlocks once and exits still locked. Its M exits (mexit) and hands its P, whose run queue holds
// main, to a new M: newm runs on the dying M, which still counts as locked, so the template thread
// makes the clone.
package main

import (
	"fmt"
	"runtime"
)

func init() { runtime.LockOSThread() }

func main() {
	done := make(chan int)
	go func() {
		runtime.LockOSThread()
		runtime.LockOSThread()
		runtime.UnlockOSThread()
		done <- 1
	}()
	<-done
	fmt.Println("main: the locked goroutine exited")
}
