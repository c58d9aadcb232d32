module clonepathref

go 1.27
