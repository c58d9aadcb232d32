module clonepathref

go 1.26
