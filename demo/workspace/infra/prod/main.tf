terraform {
  backend "s3" {
    bucket = "cost-reports-tfstate"
    key    = "prod/terraform.tfstate"
  }
}

resource "aws_db_instance" "reports" {
  identifier        = "cost-reports-prod"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
}

resource "aws_s3_bucket" "exports" {
  bucket = "cost-reports-exports-prod"
}
