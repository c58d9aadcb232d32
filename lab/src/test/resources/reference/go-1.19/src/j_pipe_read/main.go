// j_pipe_read: goroutines blocked in read(2) on their own pipes, each released by main's write(2).
package main

import (
	"fmt"
	"syscall"
	"time"
)

func reader(fd int, done chan bool) {
	var b [1]byte
	syscall.Read(fd, b[:])
	done <- true
}

func main() {
	const n = 2
	done := make(chan bool, n)
	var w [n]int
	for i := 0; i < n; i++ {
		var p [2]int
		syscall.Pipe(p[:])
		w[i] = p[1]
		go reader(p[0], done)
	}
	time.Sleep(100 * time.Millisecond)
	for i := 0; i < n; i++ {
		syscall.Write(w[i], []byte{1})
		<-done
	}
	fmt.Println("main: both readers released")
}
