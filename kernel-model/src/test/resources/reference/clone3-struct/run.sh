#!/bin/sh
# Runs every case of clone3_struct; its output is clone3_struct.out.
./clone3_struct set_tid
for c in "88 88" "88 89" "88 96" "64 64" "64 88" "80 88" "40 64"; do
  ./clone3_struct page $c
  ./clone3_struct page $c none
done
