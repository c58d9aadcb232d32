// k_unbuffered: an unbuffered send blocks until a receiver takes the value. With one P, the
// goroutine sends first and parks in chansend; main, back from its sleep, receives (recv takes
// the value straight from the parked sender and readies it), prints, and only then does the
// sender, run next, print that it sent.
package main

import (
	"fmt"
	"time"
)

func main() {
	c := make(chan int)
	done := make(chan int, 1)
	go func() {
		fmt.Println("sender: sending")
		c <- 1
		fmt.Println("sender: sent")
		done <- 1
	}()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main: receiving")
	<-c
	fmt.Println("main: received")
	<-done
}
