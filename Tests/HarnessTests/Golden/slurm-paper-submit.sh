array=$(sbatch --parsable '--chdir=/scratch/my runs/paper' '/scratch/my runs/paper/array.sbatch' | cut -d';' -f1)
sbatch --parsable '--chdir=/scratch/my runs/paper' "--dependency=afterany:$array" '/scratch/my runs/paper/merge.sbatch'
