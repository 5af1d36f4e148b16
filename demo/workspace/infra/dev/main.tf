terraform {
  backend "s3" {
    bucket = "cost-reports-tfstate"
    key    = "dev/terraform.tfstate"
  }
}

resource "aws_db_instance" "reports" {
  identifier        = "cost-reports-dev"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
}

resource "aws_s3_bucket" "exports" {
  bucket = "cost-reports-exports-dev"
}
